/**
 * The parts of a DynamoDB update that sets each field given a value and removes each field given
 * as `undefined`: the expression and its attribute names and values, to pass to an UpdateCommand
 * (with any condition's own names and values added).
 */
export const fieldUpdates = (fields: Record<string, unknown>) => {
  const set: string[] = [];
  const remove: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    names[`#${field}`] = field;
    if (value === undefined) remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  const expression = [
    set.length ? `SET ${set.join(', ')}` : '',
    remove.length ? `REMOVE ${remove.join(', ')}` : '',
  ]
    .join(' ')
    .trim();
  return { expression, names, values, changes: set.length + remove.length };
};
