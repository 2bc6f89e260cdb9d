package dev.sockloop.stats;

import java.util.Locale;

/**
 * Why {@code epoll_wait} returned.
 */
public enum WakeupCause {

	/** Sockets became ready. */
	IO,

	/** Another thread handed the loop a task (eventfd written). */
	TASK,

	/** The wait timed out because a timer was due. */
	TIMER;

	/**
	 * Lower-case name, as used in meter tags.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
