import { queryOptions } from '@tanstack/react-query'
import { api, ApiError, type Invitation, type InvitationLink, type Me, type Member } from '../../api'

export const memberKeys = {
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  invitationLink: (token: string) => ['invitation-link', token] as const,
  /** Who is signed in as seen by the invitation page, which is public: kept apart from the console's `me`. */
  invitationViewer: ['invitation-me'] as const,
}

export const membersQuery = queryOptions({
  queryKey: memberKeys.members,
  queryFn: () => api<Member[]>('/api/members'),
})

export const invitationsQuery = queryOptions({
  queryKey: memberKeys.invitations,
  queryFn: () => api<Invitation[]>('/api/invitations'),
})

export const invitationLinkPath = (token: string) => `/api/invitation-links/${encodeURIComponent(token)}`

export const invitationLinkQuery = (token: string) =>
  queryOptions({
    queryKey: memberKeys.invitationLink(token),
    queryFn: () => api<InvitationLink>(invitationLinkPath(token)),
    retry: false,
  })

/** Who is signed in on this browser, if anyone: a 401 here is an answer (null), not a reason to leave the page. */
export const invitationViewerQuery = queryOptions({
  queryKey: memberKeys.invitationViewer,
  retry: false,
  queryFn: async () => {
    try {
      return await api<Me>('/api/me', undefined, { signInOn401: false })
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 401) return null
      throw error
    }
  },
})
