import { InitialSchema1796181232401 } from './1796181232401-InitialSchema.js';

export const MIGRATIONS: Function[] = [InitialSchema1796181232401];
