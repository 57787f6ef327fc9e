import { Module } from '@nestjs/common';
import { AccessService } from './access.service.js';
import { ActorRolesService } from './actor-roles.service.js';

/** Who may act: the roles an actor holds in a plan (ActorRolesService) and the access check of every route (AccessService). */
@Module({
  providers: [ActorRolesService, AccessService],
  exports: [ActorRolesService, AccessService],
})
export class AccessModule {}
