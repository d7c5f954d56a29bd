// One deadline for a whole piece of work (a sign-in of several directory calls): past it, the
// person gets a 503 at once; the work's late answer is dropped.
import { RoleportError } from '../errors.ts';

export function withinDeadline<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RoleportError({ status: 503, code: 'deadline_exceeded', message: `${what} did not answer within ${seconds} seconds; try again in a minute` })), seconds * 1000);
  });
  work.catch(() => undefined); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
