// What an STS action handler receives and returns.
import type { SandboxState } from '../../state.ts';
import type { Caller } from '../caller.ts';
import type { StsParams } from '../params.ts';
import type { RequestFacts } from '../trust-context.ts';
import type { XmlStructure } from '../xml.ts';

export type StsActionContext = {
  params: StsParams;
  /** The verified caller; undefined for unsigned actions. */
  caller?: Caller;
  state: SandboxState;
  now: Date;
  requestId: string;
  facts: RequestFacts;
};

export type StsAction = {
  /** false for AssumeRoleWithSAML / AssumeRoleWithWebIdentity, which clients send unsigned. */
  signed: boolean;
  /** Returns the members of `{Action}Result`, or throws an StsError. */
  handle(context: StsActionContext): XmlStructure | Promise<XmlStructure>;
};

/** The caller of a signed action (the dispatcher has authenticated it). */
export function signedCaller(context: StsActionContext): Caller {
  if (!context.caller) throw new Error('signed STS action called without a verified caller');
  return context.caller;
}
