import { queryOptions } from '@tanstack/react-query'
import { api, type Template, type TemplateType } from '../../api'

export const libraryKeys = {
  types: ['library-types'] as const,
  /** A list of templates, by its `/api/library/templates` query string (tab and search). */
  templates: (query: string) => ['library-templates', query] as const,
  template: (id: string | undefined) => ['library-template', id] as const,
}

/** The template types with how many templates each has. */
export const templateTypesQuery = queryOptions({
  queryKey: libraryKeys.types,
  queryFn: () => api<TemplateType[]>('/api/library/types'),
})

export const templatesQuery = (query: string) =>
  queryOptions({
    queryKey: libraryKeys.templates(query),
    queryFn: () => api<{ items: Template[]; total: number }>(`/api/library/templates?${query}`),
  })

export const templateQuery = (id: string | undefined) =>
  queryOptions({
    queryKey: libraryKeys.template(id),
    queryFn: () => api<Template>(`/api/library/templates/${encodeURIComponent(id!)}`),
  })
