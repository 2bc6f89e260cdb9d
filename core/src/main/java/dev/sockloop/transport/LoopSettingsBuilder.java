package dev.sockloop.transport;

/**
 * The settings that servers and clients share: a name, and the loops they run on, either a shared
 * group or a group of their own on a chosen transport.
 *
 * @param <B> the builder's own type, returned by every setter
 */
public abstract class LoopSettingsBuilder<B extends LoopSettingsBuilder<B>> {

	/** Name used in logs, stats and thread names. */
	protected String name;

	/** The shared group, or {@code null} for a group of one's own. */
	protected EventLoopGroup loopGroup;

	/** Loops of a group of one's own. */
	protected int loops;

	/** Transport of a group of one's own, or {@code null} to detect it. */
	protected Transport transport;

	/**
	 * Starts with the defaults of a server or a client.
	 * @param name the default name
	 * @param loops the default number of loops of a group of one's own
	 */
	protected LoopSettingsBuilder(String name, int loops) {
		this.name = name;
		this.loops = loops;
	}

	/**
	 * Name used in logs, stats and meter tags.
	 * @param name the name
	 * @return this builder
	 */
	public B name(String name) {
		this.name = name;
		return self();
	}

	/**
	 * Runs on a shared group (typically the servers' group), which stopping the server or closing the
	 * client leaves running.
	 * @param group the group
	 * @return this builder
	 */
	public B loopGroup(EventLoopGroup group) {
		this.loopGroup = group;
		return self();
	}

	/**
	 * Runs on a group of its own with this many loops, closed on stop or close. Ignored when a
	 * {@link #loopGroup(EventLoopGroup) shared group} is given.
	 * @param loops the number of loops
	 * @return this builder
	 */
	public B loops(int loops) {
		this.loops = loops;
		return self();
	}

	/**
	 * Transport of the group created here: {@code null} (the default) or {@link Transport#AUTO} to
	 * {@link Transport#detect() detect} it, or a forced one. Ignored when a
	 * {@link #loopGroup(EventLoopGroup) shared group} is given, which has its own.
	 * @param transport the transport, or {@code null}
	 * @return this builder
	 */
	public B transport(Transport transport) {
		this.transport = transport;
		return self();
	}

	/**
	 * Whether the server or client creates (and later closes) a group of its own.
	 * @return {@code true} when no shared group was given
	 */
	protected final boolean ownsLoopGroup() {
		return this.loopGroup == null;
	}

	/**
	 * The shared group, or a new group of its own with threads named {@code sockloop-<name>-<i>}.
	 * @return the group to run on
	 */
	protected final EventLoopGroup loopGroupToUse() {
		return ownsLoopGroup() ? new EventLoopGroup(this.loops, "sockloop-" + this.name + "-", this.transport)
				: this.loopGroup;
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
