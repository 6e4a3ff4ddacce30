import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '@far/protocol';
import { z } from '@hono/zod-openapi';

/** The most a twin may charge its callers per million tokens: 1,000 FAR. */
const MAX_CREATOR_FEE_WEI_PER_MILLION = 1_000n * 10n ** 18n;
/** An uploaded avatar, as a data URL: at most 64 KiB of image. */
const MAX_AVATAR_DATA_URL_CHARS = Math.ceil((64 * 1024 * 4) / 3) + 40;

const storableText = (max: number) =>
  z.string().trim().max(max).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** `twin:<handle>`: lower-case letters and digits, single dashes between them, 3 to 40 long. */
export const HandleSchema = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9](-?[a-z0-9])*$/, 'lower-case letters and digits, with single dashes between them')
  .openapi({ example: 'far-guide' });

const AvatarSchema = z
  .string()
  .max(MAX_AVATAR_DATA_URL_CHARS, 'an uploaded avatar is at most 64 KiB')
  .refine(
    (value) =>
      /^https:\/\/[^\s]{1,2000}$/.test(value) ||
      /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/.test(value),
    'an https URL or a data:image/(png|jpeg|webp|gif);base64 URL',
  );

const VisibilitySchema = z.enum(['private', 'unlisted', 'public']);

/** Wei per million tokens, a decimal string, within the bound. */
const FeeSchema = z
  .string()
  .regex(/^\d{1,40}$/, 'wei as a decimal integer')
  .transform((value) => BigInt(value))
  .refine((fee) => fee <= MAX_CREATOR_FEE_WEI_PER_MILLION, 'at most 1000 FAR (1e21 wei) per million tokens')
  .openapi({ type: 'string', example: '2000000000000000000' });

/** Every field a twin's owner sets; `create` requires the first five. */
const twinFields = {
  handle: HandleSchema,
  name: storableText(80).min(1),
  persona: storableText(8000).min(1),
  baseModel: z.string().min(1).max(100).openapi({ example: 'far-demo' }),
  visibility: VisibilitySchema,
  greeting: storableText(2000),
  avatar: AvatarSchema.nullable(),
  category: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes')
    .openapi({ example: 'education' }),
  creatorFeeWeiPerMillion: FeeSchema,
};

/** A new twin: handle, name, persona and base model required; the rest defaulted. */
export const CreateTwinSchema = z
  .strictObject({
    ...twinFields,
    visibility: twinFields.visibility.default('private'),
    greeting: twinFields.greeting.default(''),
    avatar: twinFields.avatar.default(null),
    category: twinFields.category.default('general'),
    creatorFeeWeiPerMillion: twinFields.creatorFeeWeiPerMillion.default(0n),
  })
  .openapi('CreateTwin');
export type CreateTwinInput = z.output<typeof CreateTwinSchema>;

/** Fields to change; the handle stays (it is the model id callers use). */
export const UpdateTwinSchema = z
  .strictObject({
    name: twinFields.name,
    persona: twinFields.persona,
    baseModel: twinFields.baseModel,
    visibility: twinFields.visibility,
    greeting: twinFields.greeting,
    avatar: twinFields.avatar,
    category: twinFields.category,
    creatorFeeWeiPerMillion: twinFields.creatorFeeWeiPerMillion,
  })
  .partial()
  .openapi('UpdateTwin');
export type UpdateTwinInput = z.output<typeof UpdateTwinSchema>;

export const TwinSchema = z
  .object({
    id: z.uuid(),
    model: z
      .string()
      .openapi({ example: 'twin:far-guide', description: 'the model id for /v1/chat/completions' }),
    handle: z.string(),
    name: z.string(),
    avatar: z.string().nullable(),
    persona: z.string(),
    greeting: z.string(),
    baseModel: z.string(),
    visibility: VisibilitySchema,
    category: z.string(),
    creatorFeeWeiPerMillion: z.string(),
    chatCount: z.int(),
    ownerAddress: z.string(),
    isOwner: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Twin');
export type TwinResponse = z.infer<typeof TwinSchema>;
