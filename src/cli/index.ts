// What the server's own commands (src/commands) share with the employee's roleport: the dispatcher.
export { type Command, type Program, programUsage, runProgram } from './dispatch.ts';
export { closest, didYouMean } from './suggest.ts';
