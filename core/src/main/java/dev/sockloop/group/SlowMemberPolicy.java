package dev.sockloop.group;

/**
 * What a {@link ConnectionGroup} does with a member that does not keep up: one whose messages from
 * the group, not yet handed to the kernel, have reached the group's
 * {@linkplain ConnectionGroup.Builder#maxQueuedBytes(int) bound}. Either way the member costs the
 * group no more than that bound, and the other members are not held back.
 */
public enum SlowMemberPolicy {

	/**
	 * Messages for the slow member are dropped (and counted in
	 * {@link ConnectionGroup#droppedMessages()}) until its queue drains below the bound; the
	 * member stays. For feeds where the next message supersedes the last (prices, presence).
	 */
	DROP,

	/**
	 * Messages for the slow member are dropped as with {@link #DROP} and, if it is still over the
	 * bound after the group's {@linkplain ConnectionGroup.Builder#slowMemberTimeout(java.time.Duration)
	 * slow-member timeout}, it is closed at once, its queued bytes discarded, with reason
	 * {@link dev.sockloop.stats.CloseReason#TIMEOUT TIMEOUT}. For streams where a gap is worse than
	 * a reconnect (chat, ordered events).
	 */
	CLOSE

}
