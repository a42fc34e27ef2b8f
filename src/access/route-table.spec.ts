import { Controller, Get, Head, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequiresScope } from '../platform/route-access.js';
import { routeKey } from '../platform/routes.js';
import { routeTable } from './route-table.js';

@Controller()
class ReadsController {
  @Get('portfolio-status')
  status(): void {}

  @Get()
  root(): void {}

  @Get('healthz')
  @RequiresScope('public')
  health(): void {}

  @Post('agents/:id/pause')
  pause(): void {}
}

@Controller('admin/')
@RequiresScope('operator')
class AdminController {
  @Get('breakers')
  breakers(): void {}

  @Post(['halt', 'stop/'])
  @RequiresScope('admin')
  halt(): void {}

  @Head('probe')
  probe(): void {}

  helper(): void {}
}

describe('routeTable', () => {
  it('keys each route as Fastify registers it, with the scope it needs', () => {
    expect(
      Object.fromEntries(routeTable([ReadsController, AdminController], new Reflector())),
    ).toEqual({
      'GET /portfolio-status': 'read',
      'GET /': 'read',
      'GET /healthz': 'public',
      'POST /agents/:id/pause': 'admin',
      'GET /admin/breakers': 'operator',
      'POST /admin/halt': 'admin',
      'POST /admin/stop': 'admin',
      'GET /admin/probe': 'operator',
    });
  });

  it('answers a HEAD with its GET route', () => {
    expect(routeKey('HEAD', '/portfolio-status')).toBe(routeKey('GET', '/portfolio-status'));
  });
});
