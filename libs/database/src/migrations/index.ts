import type { MigrationInterface } from 'typeorm';
import { InitialSchema1796181232401 } from './1796181232401-InitialSchema.js';
import { StepInstances1796184790872 } from './1796184790872-StepInstances.js';
import { AuditChain1796186844039 } from './1796186844039-AuditChain.js';
import { StepExtension1796187680764 } from './1796187680764-StepExtension.js';
import { RollupByItemUnit1796192035306 } from './1796192035306-RollupByItemUnit.js';
import { EvidenceFiles1796192366455 } from './1796192366455-EvidenceFiles.js';
import { ChildCases1796192757493 } from './1796192757493-ChildCases.js';
import { AppRole1796190000000 } from './1796190000000-AppRole.js';
import { StaffSignIn1796220215169 } from './1796220215169-StaffSignIn.js';
import { OutboxAttachments1796220262051 } from './1796220262051-OutboxAttachments.js';
import { RollupVersionByAssignee1796221124294 } from './1796221124294-RollupVersionByAssignee.js';
import { ApiTokens1796222500000 } from './1796222500000-ApiTokens.js';
import { Assessments1796231864701 } from './1796231864701-Assessments.js';
import { OutboxBacklog1796300000000 } from './1796300000000-OutboxBacklog.js';
import { ActionLinkEvidence1796314159000 } from './1796314159000-ActionLinkEvidence.js';
import { AppLoginGrants1796314159500 } from './1796314159500-AppLoginGrants.js';
import { StepText1796314160000 } from './1796314160000-StepText.js';
import { AuditPeople1796317171717 } from './1796317171717-AuditPeople.js';
import { WebAdmins1797100000000 } from './1797100000000-WebAdmins.js';
import { PlanDrafts1797200000000 } from './1797200000000-PlanDrafts.js';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1796181232401,
  StepInstances1796184790872,
  AuditChain1796186844039,
  StepExtension1796187680764,
  AppRole1796190000000,
  RollupByItemUnit1796192035306,
  EvidenceFiles1796192366455,
  ChildCases1796192757493,
  StaffSignIn1796220215169,
  OutboxAttachments1796220262051,
  RollupVersionByAssignee1796221124294,
  ApiTokens1796222500000,
  Assessments1796231864701,
  OutboxBacklog1796300000000,
  ActionLinkEvidence1796314159000,
  AppLoginGrants1796314159500,
  StepText1796314160000,
  AuditPeople1796317171717,
  WebAdmins1797100000000,
  PlanDrafts1797200000000,
];
