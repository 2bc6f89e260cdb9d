package dev.sockloop.connection;

/**
 * How many buffers a send may ask its publisher for, so that what it holds stays under a bound in
 * bytes. Reactive Streams demand counts items, not bytes: one buffer is asked for first, since
 * nothing is known of their size, then as many as the room left under the bound holds at the
 * largest size seen so far (at least one, at most {@link #MAX_PREFETCH}), replenished once half
 * have been taken. Used by plain connections under their write high-water mark and by TLS
 * connections under their record queue limit.
 *
 * <p>Not thread-safe: confined to whoever drains the send (a loop, a TLS drain). Internal to
 * Sockloop; public only for its TLS layer.
 */
public final class OutboundDemand {

	/**
	 * Buffers asked for at a time at most, however small: enough to batch small sends, few enough
	 * that a publisher whose buffers suddenly grow cannot run far past the bound.
	 */
	public static final int MAX_PREFETCH = 32;

	/** Buffers asked for and not yet taken. */
	private long outstanding;

	/** The largest buffer taken so far: the unit in which room is counted; 0 until one is taken. */
	private int largestBuffer;

	/**
	 * The demand to start with, once subscribed: one buffer.
	 * @return the number of buffers to request
	 */
	public long first() {
		this.outstanding = 1;
		return 1;
	}

	/**
	 * A buffer asked for has been taken.
	 * @param bytes its size
	 */
	public void taken(int bytes) {
		this.outstanding--;
		this.largestBuffer = Math.max(Math.max(this.largestBuffer, bytes), 1);
	}

	/**
	 * How many more buffers to ask for, given the room left under the bound.
	 * @param room bytes that may still be held before the bound
	 * @return the number of buffers to request, 0 for none
	 */
	public long more(long room) {
		if (room <= 0 || this.largestBuffer == 0) {
			// Over the bound, or the first buffer has not come yet: its size decides what follows.
			return 0;
		}
		long target = Math.max(1, Math.min(MAX_PREFETCH, room / this.largestBuffer));
		// Replenished when half have been taken, so that small buffers do not cost a request each.
		if (this.outstanding > target / 2) {
			return 0;
		}
		long n = target - this.outstanding;
		this.outstanding = target;
		return n;
	}

}
