import { Controller, Delete, Get, Post, Put } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { unauditedRoutes } from './audit-coverage.js';
import { AuditedState } from './audited-state.js';
import { Audited } from './audited.decorator.js';

class ProbeState extends AuditedState {
  read(): unknown {
    return null;
  }
}

@Controller('probe')
class ProbeController {
  @Get()
  list(): void {}

  @Post('forgotten')
  forgotten(): void {}

  @Post('traced')
  @Audited()
  traced(): void {}

  @Put('with-state')
  @Audited(ProbeState)
  withState(): void {}

  @Delete('also-forgotten')
  alsoForgotten(): void {}

  helper(): void {}
}

describe('unauditedRoutes', () => {
  it('names every mutating route without @Audited, and no read or plain method', () => {
    expect(unauditedRoutes([ProbeController], new Reflector())).toEqual([
      'POST ProbeController.forgotten',
      'DELETE ProbeController.alsoForgotten',
    ]);
  });
});
