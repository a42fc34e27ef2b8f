import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DashboardStream } from './dashboard-stream.service.js';

@ApiTags('dashboard')
@Controller()
export class EventsController {
  constructor(private readonly stream: DashboardStream) {}

  @Get('events')
  @ApiOperation({
    operationId: 'streamDashboardEvents',
    summary:
      'Server-sent events: one JSON snapshot a second (portfolio, activity, bus traffic, new theses and discussions); the first also carries recent history.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless `text/event-stream`; it ends when the service stops.' })
  events(@Res() reply: FastifyReply): void {
    // The stream outlives this handler: Fastify must not answer or close it.
    reply.hijack();
    this.stream.open(reply.raw);
  }
}
