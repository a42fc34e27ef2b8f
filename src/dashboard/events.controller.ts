import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DashboardStream } from './dashboard-stream.service.js';

@ApiTags('dashboard')
@ApiBearerAuth('read')
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
  @ApiServiceUnavailableResponse({
    description: 'Too many open streams, in total or from this address; see Retry-After.',
  })
  events(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    // A HEAD has no body to stream: answering it with an endless one would pin its connection.
    if (request.method === 'HEAD') {
      void reply.header('content-type', 'text/event-stream; charset=utf-8').send();
      return;
    }
    // The stream outlives this handler: Fastify must not answer or close it.
    reply.hijack();
    this.stream.open(reply.raw, request.ip);
  }
}
