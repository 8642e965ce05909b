/** The field errors of a 422 answer, by JSON pointer. */
export type Errors = Record<string, string[]>

/** Props that tie an input to its errors. */
export function errorProps(errors: string[] | undefined, id: string) {
  return { 'aria-invalid': errors ? true : undefined, 'aria-describedby': errors ? `${id}-error` : undefined }
}
