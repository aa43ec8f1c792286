/** How rendering names and links the people, channels and groups a message mentions by id. */
export interface MentionResolver {
  /** display name for a user id (U…/W…), undefined when unknown */
  userName(id: string): string | undefined;
  /** channel name for a channel id (C…/G…), undefined when unknown */
  channelName(id: string): string | undefined;
  /** user-group handle for S… ids, undefined when unknown */
  userGroupName(id: string): string | undefined;
  /** href for a user mention (person page), or undefined for no link */
  userHref?(id: string): string | undefined;
  /** href for a channel mention, or undefined for no link */
  channelHref?(id: string): string | undefined;
}
