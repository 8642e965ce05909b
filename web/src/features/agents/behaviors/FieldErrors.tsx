/** The errors of one input, under it: `id` is the input's, as `errorProps` points at them. */
export default function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return errors ? (
    <div id={`${id}-error`} className="field-error">
      {errors.join(' ')}
    </div>
  ) : null
}
