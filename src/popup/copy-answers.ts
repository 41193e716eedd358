import { z } from 'zod/mini';

/**
 * The background's answers to the copy screen's commands, checked before use: a malformed
 * answer is shown as `internal`, never drawn half-way.
 */
const id = z.string().check(z.minLength(1), z.maxLength(400));

const BrowseItemSchema = z.object({
  driveId: id,
  itemId: id,
  name: z.string().check(z.maxLength(400)),
  isFolder: z.boolean(),
});
export type Item = z.infer<typeof BrowseItemSchema>;

const FolderListingSchema = z.object({
  folder: BrowseItemSchema,
  items: z.array(BrowseItemSchema),
  nextLink: z.nullable(z.string()),
});
export type Listing = z.infer<typeof FolderListingSchema>;

const CopyStartedSchema = z.object({ jobId: z.string().check(z.minLength(1)), synchronous: z.boolean() });
export type Started = z.infer<typeof CopyStartedSchema>;

const parser =
  <T>(schema: z.ZodMiniType<T>) =>
  (data: unknown): T | null => {
    const parsed = schema.safeParse(data);
    return parsed.success ? parsed.data : null;
  };

export const readItem = parser(BrowseItemSchema);
export const readListing = parser(FolderListingSchema);
export const readStarted = parser(CopyStartedSchema);
