export { stepWorkflow } from './step.workflow.js';
export { planRunWorkflow } from './plan-run.workflow.js';
export { caseWorkflow } from './case.workflow.js';
export { digestWorkflow } from './digest.workflow.js';
