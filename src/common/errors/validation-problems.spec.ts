import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  ValidateNested,
  validateSync,
  type ValidationError,
  type ValidatorOptions,
} from 'class-validator';
import { toFieldProblems } from './validation-problems';

class Recipient {
  @IsEmail()
  email!: string;

  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { context: { code: 'invalid_phone' } })
  phone?: string;
}

class Attachment {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsOptional()
  @IsInt()
  @Max(10_000_000)
  size?: number;
}

class Message {
  @IsIn(['email', 'sms'])
  channel!: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  subject?: string;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  reference?: string;

  @IsOptional()
  @IsUUID()
  idempotencyKey?: string;

  @IsOptional()
  @Matches(/^\d+$/, { context: { code: 42 } })
  priority?: string;

  @ValidateNested()
  @Type(() => Recipient)
  to!: Recipient;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Attachment)
  attachments?: Attachment[];
}

const VALID = {
  channel: 'email',
  to: { email: 'ada@example.com' },
  attachments: [{ name: 'a.pdf' }],
};

function errorsFor(plain: object, options: ValidatorOptions = {}): ValidationError[] {
  return validateSync(plainToInstance(Message, plain), options);
}

const problemsFor = (plain: object, options?: ValidatorOptions) =>
  toFieldProblems(errorsFor(plain, options));

describe('toFieldProblems', () => {
  it('finds no problems in a valid object', () => {
    expect(errorsFor(VALID)).toEqual([]);
    expect(toFieldProblems([])).toEqual([]);
  });

  describe('field paths', () => {
    it('uses the property name for a top-level field', () => {
      expect(problemsFor({ ...VALID, channel: 'fax' })).toEqual([
        { field: 'channel', code: 'invalid_value', message: expect.stringContaining('channel') },
      ]);
    });

    it('joins nested object properties with dots', () => {
      expect(problemsFor({ ...VALID, to: { email: 'not-an-email' } })).toEqual([
        { field: 'to.email', code: 'invalid_email', message: 'email must be an email' },
      ]);
    });

    it('uses the array index as a path segment for array items', () => {
      const problems = problemsFor({
        ...VALID,
        attachments: [{ name: 'ok.pdf' }, { name: 'b.pdf' }, { name: '' }],
      });
      expect(problems).toEqual([
        { field: 'attachments.2.name', code: 'required', message: expect.any(String) },
      ]);
    });

    it('reports every failing item and every failing field', () => {
      const problems = problemsFor({
        channel: 'fax',
        to: { email: 'nope' },
        attachments: [{ name: '' }, { name: 'fine.txt' }, { name: 'big.bin', size: 20_000_000 }],
      });
      expect(problems.map(({ field, code }) => ({ field, code }))).toEqual([
        { field: 'channel', code: 'invalid_value' },
        { field: 'to.email', code: 'invalid_email' },
        { field: 'attachments.0.name', code: 'required' },
        { field: 'attachments.2.size', code: 'out_of_range' },
      ]);
    });

    it('lists one problem per failed constraint of a field', () => {
      const problems = problemsFor({ ...VALID, attachments: [{}] });
      expect(problems.filter((problem) => problem.field === 'attachments.0.name')).toEqual([
        { field: 'attachments.0.name', code: 'required', message: expect.any(String) },
        { field: 'attachments.0.name', code: 'invalid_type', message: expect.any(String) },
      ]);
    });

    it('prefixes every path with the parent it is given', () => {
      const problems = toFieldProblems(errorsFor({ ...VALID, to: { email: 'x' } }), 'body');
      expect(problems.map((problem) => problem.field)).toEqual(['body.to.email']);
    });
  });

  describe('codes', () => {
    it.each<[string, object, string, string]>([
      ['isEmail', { to: { email: 'nope' } }, 'to.email', 'invalid_email'],
      ['isIn', { channel: 'pigeon' }, 'channel', 'invalid_value'],
      ['isString', { subject: 42 }, 'subject', 'invalid_type'],
      ['maxLength', { subject: 'far too long a subject' }, 'subject', 'too_long'],
      ['matches', { reference: 'abc' }, 'reference', 'invalid_format'],
      [
        'arrayMaxSize',
        { attachments: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] },
        'attachments',
        'too_many',
      ],
      ['isInt', { attachments: [{ name: 'a', size: 1.5 }] }, 'attachments.0.size', 'invalid_type'],
      [
        'max',
        { attachments: [{ name: 'a', size: 10_000_001 }] },
        'attachments.0.size',
        'out_of_range',
      ],
    ])('maps the stock %s constraint', (_constraint, change, field, code) => {
      expect(problemsFor({ ...VALID, ...change })).toContainEqual({
        field,
        code,
        message: expect.any(String),
      });
    });

    it('maps a property rejected by whitelist validation to unknown_field', () => {
      const problems = problemsFor(
        { ...VALID, colour: 'blue' },
        { whitelist: true, forbidNonWhitelisted: true },
      );
      expect(problems).toEqual([
        { field: 'colour', code: 'unknown_field', message: 'property colour should not exist' },
      ]);
    });

    it('maps an unknown nested property to unknown_field with its full path', () => {
      const problems = problemsFor(
        { ...VALID, attachments: [{ name: 'a.pdf', mime: 'application/pdf' }] },
        { whitelist: true, forbidNonWhitelisted: true },
      );
      expect(problems).toEqual([
        { field: 'attachments.0.mime', code: 'unknown_field', message: expect.any(String) },
      ]);
    });

    it("uses a rule's own context code instead of the stock one", () => {
      const problems = problemsFor({ ...VALID, to: { email: 'ada@example.com', phone: '555' } });
      expect(problems).toEqual([
        { field: 'to.phone', code: 'invalid_phone', message: expect.any(String) },
      ]);
    });

    it('keeps the stock code when a context code is not a string', () => {
      expect(problemsFor({ ...VALID, priority: 'high' })).toEqual([
        { field: 'priority', code: 'invalid_format', message: expect.any(String) },
      ]);
    });

    it('falls back to "invalid" for a constraint it has no code for', () => {
      expect(problemsFor({ ...VALID, idempotencyKey: 'not-a-uuid' })).toEqual([
        { field: 'idempotencyKey', code: 'invalid', message: expect.any(String) },
      ]);
    });
  });

  it("passes class-validator's message through unchanged", () => {
    const errors = errorsFor({ ...VALID, subject: 'far too long a subject' });
    const problems = toFieldProblems(errors);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe(errors[0].constraints?.maxLength);
    expect(problems[0].message).toBe('subject must be shorter than or equal to 10 characters');
  });
});
