/**
 * `npm run infra:synth`: writes the CloudFormation templates of every stack to infra/dist/cdk.out
 * without touching AWS (no lookups; deploy-time inputs are stack parameters). cdk-nag findings
 * without a justification are errors and fail this command.
 */
import { fileURLToPath } from 'node:url';
import { createFarApp } from './createFarApp.js';
import { listStackTemplates } from './listStackTemplates.js';

const outdir = fileURLToPath(new URL('../dist/cdk.out', import.meta.url));
// The CDK CLI runs this file as the app (cdk.json) and passes its own output dir and context.
const app = createFarApp(process.env.CDK_OUTDIR ? {} : { outdir });
// Synthesis throws on a cdk-nag finding nobody justified (src/suppressJustifiedFindings.ts).
const assembly = app.synth();
for (const stack of listStackTemplates(assembly)) {
  console.log(`${stack.stackName}\t${stack.templateFullPath}`);
}
