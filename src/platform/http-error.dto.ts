import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of a 400: every problem, and the request fields that caused them. */
export class ValidationErrorDto {
  @ApiProperty({ description: 'HTTP status.', example: 400 }) readonly statusCode!: number;
  @ApiProperty({ description: 'HTTP reason phrase.', example: 'Bad Request' })
  readonly error!: string;
  @ApiProperty({
    description: 'One line per problem.',
    type: [String],
    example: ['limit must not be greater than 500'],
  })
  readonly message!: string[];
  @ApiProperty({ description: 'The request fields at fault.', type: [String], example: ['limit'] })
  readonly fields!: string[];
}

/** The body of any other error (401, 403, 404, 409, 503). */
export class ErrorDto {
  @ApiProperty({ description: 'HTTP status.', example: 404 }) readonly statusCode!: number;
  @ApiPropertyOptional({
    description: 'Machine-readable code of a domain error.',
    example: 'UNKNOWN_AGENT',
  })
  readonly code?: string;
  @ApiProperty({ description: 'What went wrong, for a person.', example: 'unknown agent: nobody' })
  readonly message!: string;
}
