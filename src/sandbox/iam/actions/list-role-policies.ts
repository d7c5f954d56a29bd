// ListRolePolicies: the names of a role's inline policies, in pages of MaxItems (default 100) with a Marker.
import type { StsAction } from '../../sts/actions/types.ts';
import { Validation, roleTarget } from '../role-target.ts';

export const listRolePolicies: StsAction = {
  signed: true,
  handle(context) {
    const v = new Validation();
    const maxItems = v.integer(context.params.get('MaxItems'), 'maxItems', 1, 1000) ?? 100;
    const marker = context.params.get('Marker');
    v.text(marker, 'marker', 1, 320);
    const { role } = roleTarget(context, 'iam:ListRolePolicies', v, { policyName: false });
    const names = [...(context.state.rolePolicies.get(role.arn)?.keys() ?? [])].sort();
    const after = marker === undefined ? 0 : names.findIndex((name) => name > marker);
    const start = after === -1 ? names.length : after;
    const page = names.slice(start, start + maxItems);
    const truncated = start + maxItems < names.length;
    return { PolicyNames: page, IsTruncated: truncated, Marker: truncated ? page.at(-1) : undefined };
  },
};
