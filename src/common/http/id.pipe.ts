import { Param, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** A path id that is not a UUID cannot exist: answer 404 as for any unknown id. */
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}
  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundError(this.what);
    return value.toLowerCase();
  }
}

/** A UUID path parameter; anything else answers 404 "<what> was not found". */
export const IdParam = (name: string, what: string): ParameterDecorator =>
  Param(name, new IdPipe(what));

/** The {schoolId} of a route (access is checked by SchoolAccessGuard before this runs). */
export const SchoolIdParam = (): ParameterDecorator => IdParam('schoolId', 'School');
