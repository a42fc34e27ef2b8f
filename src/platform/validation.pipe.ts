import {
  BadRequestException,
  Injectable,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

function flatten(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

function fields(errors: readonly ValidationError[]): string[] {
  return errors.map((e) => e.property);
}

/**
 * Validates request DTOs strictly: no type coercion (so "abc" is not a number), unknown properties
 * refused, and a 400 whose body names each bad field. It is the service's one validator: reads run it
 * as a request arrives (`ReadValidation`), mutations as Nest's pipe within their audit (`@Audited`).
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) =>
        new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: flatten(errors),
          fields: fields(errors),
        }),
    });
  }
}
