/** The plan as data: what a commune's Kế hoạch says, in the shape the engine runs. */
export interface RoleSpec {
  key: string;
  title: string;
  person: string;
  email: string;
  supervisor?: string;
}

export interface StepSpec {
  id: string;
  itemId: string;
  title: string;
  assignee: string;
  approval: string | null;
  start?: string; // ISO local date
  due: string; // ISO local date
  evidence?: string;
  source?: string;
}

export interface ItemSpec {
  id: string;
  title: string;
  source?: string;
  steps: StepSpec[];
}

export interface PlanSpec {
  id: string;
  number: string;
  title: string;
  year: number;
  issuedOn?: string;
  issuer: { id: string; name: string };
  signer?: { role: string; formula: string };
  rehearsalStart: string; // plan date a rehearsal of this plan starts at
  roles: Record<string, RoleSpec>;
  items: ItemSpec[];
}

export const allSteps = (p: PlanSpec): StepSpec[] => p.items.flatMap((i) => i.steps);
