import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { openAppDataSource } from './app-login.js';
import { auditKeyFrom } from './audit-chain.js';
import { createRepositories, createRunningPlans, REPOSITORY_CLASSES, type Repositories } from './repositories.js';
import { RunningPlans } from './running-plans.js';

/** All repositories of the process, built once by createRepositories; each is provided under its class. */
const REPOSITORIES = 'DONDOC_REPOSITORIES';

/**
 * The DataSource (as the app role, see openAppDataSource), every repository under its class and RunningPlans, for
 * the api and the worker. Needs APP_CONFIG (ConfigModule). Tests replace a repository with
 * `Test.createTestingModule(...).overrideProvider(StepRepository)` or build a service over fakes.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    const repositoryProviders: Provider[] = Object.entries(REPOSITORY_CLASSES).map(([name, R]) => ({
      provide: R,
      useFactory: (all: Repositories) => all[name as keyof Repositories],
      inject: [REPOSITORIES],
    }));
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useFactory: (c: AppConfig) => openAppDataSource(c, applicationName), inject: [APP_CONFIG] },
        // The worker chains the audit with auditKeyFrom(APP_SECRET), the api verifies it with the same key.
        {
          provide: REPOSITORIES,
          useFactory: (ds: DataSource, c: AppConfig) => createRepositories(ds, auditKeyFrom(c.secret)),
          inject: [DataSource, APP_CONFIG],
        },
        ...repositoryProviders,
        // Plans whose run has started, read once per process (they do not change).
        { provide: RunningPlans, useFactory: (all: Repositories) => createRunningPlans(all), inject: [REPOSITORIES] },
      ],
      exports: [DataSource, RunningPlans, ...Object.values(REPOSITORY_CLASSES)],
    };
  }
}
