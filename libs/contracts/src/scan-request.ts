import { z } from 'zod';
import { CodedError } from './coded-error.js';

/** A target as a user names it: a name, tag, full id or id prefix of an image or container. */
const targetName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@+-]*$/, 'must be an image or container name, tag or id');

// Known limitation: `webhook` is not accepted because no callback delivery exists yet, so
// clients poll GET /scans/:id; a notifier posting the final status once would lift it.
export const scanRequestSchema = z
  .strictObject({
    targets: z.array(targetName).min(1).max(1000).optional(),
    images: z.strictObject({ all: z.boolean().default(false) }).optional(),
    containers: z.strictObject({ onlyActive: z.boolean().default(false) }).optional(),
    host: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be the name of a configured Docker host')
      .optional(),
    priority: z.number().int().min(1).max(1000).optional(),
  })
  .superRefine((value, ctx) => {
    const chosen = [value.targets, value.images, value.containers].filter((v) => v !== undefined);
    if (chosen.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets'],
        message: 'give exactly one of targets, images or containers',
      });
    }
  });

export type ScanRequest = z.infer<typeof scanRequestSchema>;

/** Parses a request body, or throws ERR_VALIDATION naming the first offending field. */
export function parseScanRequest(body: unknown): ScanRequest {
  const parsed = scanRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path =
    issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue?.path;
  const field = path && path.length > 0 ? path.join('.') : '(body)';
  throw new CodedError('ERR_VALIDATION', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
