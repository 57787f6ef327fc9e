export { stepWorkflow } from './step.workflow.js';
