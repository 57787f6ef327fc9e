import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBodyErrors, ApiV1Errors, arrayOf, schemaRef } from '../common/openapi.js';
import { AdminService } from './admin.service.js';
import { CreateTokenDto } from './create-token.dto.js';

const ADMINS_ONLY =
  'For administrators only (a staff user made administrator with `npm run -s cli -- user admin <email>`); anyone else gets 403 ACCESS_DENIED, reason NOT_ADMIN, before the body is read.';

/** Administration in the web app: API tokens and the people. */
@ApiTags('admin')
@ApiV1Errors()
@Controller('api/v1/admin')
export class AdminController {
  constructor(@Inject(AdminService) private readonly admin: AdminService) {}

  @Get('tokens')
  @ApiOperation({
    summary: 'The API tokens: name, unit and plan by name, state, expiry, last use (never the token)',
    description: ADMINS_ONLY,
  })
  @ApiOkResponse({ description: 'Every token, oldest first', schema: arrayOf('ApiToken') })
  tokens() {
    return this.admin.listTokens();
  }

  @Post('tokens')
  @ApiOperation({
    summary: 'Make a read-only API token for a unit (and a plan); the token is in this answer only',
    description: `${ADMINS_ONLY} Written to the administration log.`,
  })
  @ApiCreatedResponse({ description: 'The token, shown this once, and the plans it reads now', schema: schemaRef('ApiTokenCreated') })
  @ApiErrors({
    422: 'VALIDATION_FAILED: name, unitId (a unit that holds the commune of a loaded plan), planId (a loaded plan) or expires (a date not past, or <n>d) is bad, or a field it does not know',
  })
  @ApiJsonBodyErrors()
  create(@Req() req: Request, @Body() dto: CreateTokenDto) {
    return this.admin.createToken(req, dto);
  }

  @Delete('tokens/:id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke an API token from now on (idempotent: `revokedNow` false when it was revoked already)',
    description: `${ADMINS_ONLY} Written to the administration log.`,
  })
  @ApiOkResponse({ description: 'The token after revoking', schema: schemaRef('ApiTokenRevoked') })
  @ApiErrors({ 404: 'TOKEN_NOT_FOUND', 422: 'VALIDATION_FAILED: id is not a UUID' })
  revoke(@Req() req: Request, @Param('id') id: string) {
    return this.admin.revokeToken(req, id);
  }

  @Get('users')
  @ApiOperation({
    summary: 'The people: e-mail, name, active, administrator, their roles (title, village, plan) and delegations',
    description: ADMINS_ONLY,
  })
  @ApiOkResponse({ description: 'The people by e-mail, at most 2000 (`total` counts them all)', schema: schemaRef('AdminUsers') })
  users() {
    return this.admin.users();
  }
}
