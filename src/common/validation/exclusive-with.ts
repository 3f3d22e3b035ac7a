import { ValidateBy, type ValidationArguments } from 'class-validator';

const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Refuses the field when `other` is given too (`parameters_exclusive`, Stripe's name for two
 * parameters that cannot be combined).
 */
export const ExclusiveWith = (other: string): PropertyDecorator =>
  ValidateBy(
    {
      name: 'exclusiveWith',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          !isPresent(value) ||
          !isPresent((args?.object as Partial<Record<string, unknown>> | undefined)?.[other]),
        defaultMessage: (args) =>
          `give either ${other} or ${args?.property ?? 'this field'}, not both`,
      },
    },
    { context: { code: 'parameters_exclusive' } },
  );
