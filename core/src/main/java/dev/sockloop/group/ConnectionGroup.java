package dev.sockloop.group;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.sockloop.connection.Connection;
import dev.sockloop.stats.CloseReason;

/**
 * Open connections to send one message to, for chat rooms, push and fan-out. Connections may come
 * from any server (or client); each leaves the group by itself when it closes.
 * <pre>{@code
 * ConnectionGroup room = ConnectionGroup.builder().name("lobby").build();
 *
 * // in the handler
 * room.add(connection);
 * return connection.receive().doOnNext(room::send).then();
 * }</pre>
 *
 * <p><b>Slow members.</b> For each member the group counts the bytes of its messages that the
 * connection has not yet handed to the kernel. A message that would take a member past
 * {@linkplain Builder#maxQueuedBytes(int) the bound} is not queued for it (a member with nothing
 * queued always gets the message, however large): the member then costs at most the bound, or one
 * message, and the other members are not held back. The {@link SlowMemberPolicy} says what else
 * happens: nothing ({@link SlowMemberPolicy#DROP DROP}), or the member is closed once it has stayed
 * over the bound for the {@linkplain Builder#slowMemberTimeout(Duration) slow-member timeout}
 * ({@link SlowMemberPolicy#CLOSE CLOSE}).
 *
 * <p><b>Threads.</b> Every method may be called from any thread; each send hops onto the member's
 * event loop. Messages sent from one thread reach each member in the order sent. A message buffer
 * is shared by every member, not copied: it must not be changed after {@link #send(ByteBuffer)}.
 * Messages are bytes on the wire: they must be framed as the peers expect (a line ending, a length
 * prefix).
 */
public final class ConnectionGroup {

	private static final AtomicLongFieldUpdater<Member> QUEUED =
			AtomicLongFieldUpdater.newUpdater(Member.class, "queuedBytes");

	private final String name;

	private final SlowMemberPolicy policy;

	private final long maxQueuedBytes;

	private final long slowMemberTimeoutNanos;

	private final Scheduler timer;

	private final ConcurrentHashMap<Long, Member> members = new ConcurrentHashMap<>();

	private final Collection<Connection> view = new MembersView();

	private final LongAdder droppedMessages = new LongAdder();

	private final LongAdder slowMembersClosed = new LongAdder();

	private ConnectionGroup(Builder builder) {
		this.name = builder.name;
		this.policy = builder.policy;
		this.maxQueuedBytes = builder.maxQueuedBytes;
		this.slowMemberTimeoutNanos = builder.slowMemberTimeout.toNanos();
		this.timer = builder.timer;
	}

	/**
	 * Starts building a group: by default slow members' messages are dropped
	 * ({@link SlowMemberPolicy#DROP}) past 64 KiB queued per member.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Name of the group, for logs and the application's own bookkeeping.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * What happens to a member that does not keep up.
	 * @return the policy
	 */
	public SlowMemberPolicy slowMemberPolicy() {
		return this.policy;
	}

	/**
	 * Adds an open connection; it leaves the group when it closes, or when {@link #remove removed}.
	 * @param connection the connection
	 * @return {@code true} if it was added, {@code false} if it was a member already or is closed
	 */
	public boolean add(Connection connection) {
		if (!connection.isOpen()) {
			return false;
		}
		Member member = new Member(connection);
		if (this.members.putIfAbsent(connection.id(), member) != null) {
			return false;
		}
		// Completes at once if the connection closed since the check above: it leaves again.
		member.closeWatch = connection.onClose().subscribe(null, (ex) -> leave(member), () -> leave(member));
		if (this.members.get(connection.id()) != member) {
			// Left before the watch was set: release it, or a long-lived connection joining and
			// leaving many groups would collect watches.
			member.closeWatch.dispose();
		}
		return true;
	}

	/**
	 * Removes a member; its messages already queued are still sent.
	 * @param connection the connection, or any view of it with the same {@linkplain Connection#id() id}
	 * @return {@code true} if it was a member
	 */
	public boolean remove(Connection connection) {
		Member member = this.members.get(connection.id());
		return member != null && leave(member);
	}

	private boolean leave(Member member) {
		if (!this.members.remove(member.connection.id(), member)) {
			return false;
		}
		Disposable watch = member.closeWatch;
		if (watch != null) {
			watch.dispose();
		}
		return true;
	}

	/**
	 * The member with the given {@linkplain Connection#id() id}.
	 * @param id the connection id
	 * @return the member, or empty if no open member has that id
	 */
	public Optional<Connection> find(long id) {
		Member member = this.members.get(id);
		return (member != null) ? Optional.of(member.connection) : Optional.empty();
	}

	/**
	 * Number of members.
	 * @return the size
	 */
	public int size() {
		return this.members.size();
	}

	/**
	 * The members: a live, unmodifiable view whose iteration sees each member present throughout
	 * it and may or may not see those joining or leaving meanwhile.
	 * @return the members
	 */
	public Collection<Connection> members() {
		return this.view;
	}

	/**
	 * Sends a message to every member, within each member's bound (see the class description).
	 * Returns at once; the writes happen on the members' loops.
	 * @param message the bytes to send, from its position to its limit; shared by the members, so
	 * not to be changed afterwards
	 * @return how many members the message was queued for
	 */
	public int send(ByteBuffer message) {
		int size = message.remaining();
		int queued = 0;
		for (Member member : this.members.values()) {
			if (member.offer(message, size)) {
				queued++;
			}
		}
		return queued;
	}

	/**
	 * Sends a message to one member, within its bound.
	 * @param id the member's connection id
	 * @param message the bytes to send; not to be changed afterwards
	 * @return {@code true} if it was queued, {@code false} if there is no such member or it is over
	 * its bound
	 */
	public boolean send(long id, ByteBuffer message) {
		Member member = this.members.get(id);
		return member != null && member.offer(message, message.remaining());
	}

	/**
	 * Messages not queued for a member because it was over its bound, since the group was built.
	 * @return the count, one per message per member
	 */
	public long droppedMessages() {
		return this.droppedMessages.sum();
	}

	/**
	 * Members closed by the {@link SlowMemberPolicy#CLOSE CLOSE} policy.
	 * @return the count
	 */
	public long slowMembersClosed() {
		return this.slowMembersClosed.sum();
	}

	/**
	 * Closes every member, once its queued bytes have been written.
	 */
	public void closeAll() {
		for (Member member : this.members.values()) {
			member.connection.close();
		}
	}

	@Override
	public String toString() {
		return "ConnectionGroup '" + this.name + "' of " + size() + " member(s)";
	}

	/** One member: its connection and the bytes of the group's messages it has not yet written. */
	private final class Member {

		final Connection connection;

		volatile long queuedBytes;

		/** When the member went over its bound, or 0 while it is under; CLOSE policy only. */
		volatile long overSince;

		volatile Disposable closeWatch;

		Member(Connection connection) {
			this.connection = connection;
		}

		boolean offer(ByteBuffer message, int size) {
			long queued;
			do {
				queued = this.queuedBytes;
				if (queued > 0 && queued + size > ConnectionGroup.this.maxQueuedBytes) {
					overBound();
					return false;
				}
			}
			while (!QUEUED.compareAndSet(this, queued, queued + size));
			this.connection.send(Mono.just(message)).subscribe(new Written(this, size));
			return true;
		}

		private void overBound() {
			ConnectionGroup.this.droppedMessages.increment();
			if (ConnectionGroup.this.policy == SlowMemberPolicy.CLOSE && this.overSince == 0) {
				this.overSince = System.nanoTime() | 1;
				scheduleSlowCheck(ConnectionGroup.this.slowMemberTimeoutNanos);
			}
		}

		private void scheduleSlowCheck(long delayNanos) {
			ConnectionGroup.this.timer.schedule(this::checkSlow, Math.max(delayNanos, 1_000_000), TimeUnit.NANOSECONDS);
		}

		/** Closes the member if it has been over its bound for the whole timeout. */
		private void checkSlow() {
			long since = this.overSince;
			if (since == 0 || ConnectionGroup.this.members.get(this.connection.id()) != this) {
				return;
			}
			long left = since + ConnectionGroup.this.slowMemberTimeoutNanos - System.nanoTime();
			if (left > 0) {
				scheduleSlowCheck(left);
				return;
			}
			if (leave(this)) {
				ConnectionGroup.this.slowMembersClosed.increment();
				// At once: a peer that does not read would never let a graceful close finish.
				this.connection.abort(CloseReason.TIMEOUT);
			}
		}

		void written(int size) {
			long queued = QUEUED.addAndGet(this, -size);
			if (this.overSince != 0 && queued < ConnectionGroup.this.maxQueuedBytes) {
				this.overSince = 0;
			}
		}

	}

	/** Follows one message's send to one member: releases its bytes however the send ends. */
	private static final class Written implements CoreSubscriber<Void> {

		private final Member member;

		private final int size;

		Written(Member member, int size) {
			this.member = member;
			this.size = size;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Void unused) {
		}

		@Override
		public void onError(Throwable failure) {
			// The member closed: its leaving is the close watch's business, not an error to report.
			this.member.written(this.size);
		}

		@Override
		public void onComplete() {
			this.member.written(this.size);
		}

	}

	private final class MembersView extends AbstractCollection<Connection> {

		@Override
		public Iterator<Connection> iterator() {
			Iterator<Member> members = ConnectionGroup.this.members.values().iterator();
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					return members.hasNext();
				}

				@Override
				public Connection next() {
					return members.next().connection;
				}

			};
		}

		@Override
		public int size() {
			return ConnectionGroup.this.members.size();
		}

	}

	/**
	 * Settings of a {@link ConnectionGroup}.
	 */
	public static final class Builder {

		private String name = "group";

		private SlowMemberPolicy policy = SlowMemberPolicy.DROP;

		private int maxQueuedBytes = 64 * 1024;

		private Duration slowMemberTimeout = Duration.ofSeconds(30);

		private Scheduler timer = Schedulers.parallel();

		private Builder() {
		}

		/**
		 * Name of the group.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * What to do with a member that does not keep up; {@link SlowMemberPolicy#DROP} unless set.
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder slowMemberPolicy(SlowMemberPolicy policy) {
			this.policy = policy;
			return this;
		}

		/**
		 * Bytes of the group's messages that may wait per member, not yet handed to the kernel;
		 * 64 KiB (a server's default write high-water mark) unless set.
		 * @param bytes the bound, positive
		 * @return this builder
		 */
		public Builder maxQueuedBytes(int bytes) {
			if (bytes <= 0) {
				throw new IllegalArgumentException("Group max queued bytes must be positive, was " + bytes);
			}
			this.maxQueuedBytes = bytes;
			return this;
		}

		/**
		 * How long a member may stay over its bound before the {@link SlowMemberPolicy#CLOSE CLOSE}
		 * policy closes it; 30 seconds unless set. Set it to the server's write timeout to treat a
		 * slow member as the server treats a stuck write.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder slowMemberTimeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("Group slow-member timeout must be positive, was " + timeout);
			}
			this.slowMemberTimeout = timeout;
			return this;
		}

		/**
		 * The scheduler that times slow members under the {@link SlowMemberPolicy#CLOSE CLOSE}
		 * policy; Reactor's parallel scheduler unless set.
		 * @param timer the scheduler
		 * @return this builder
		 */
		public Builder timer(Scheduler timer) {
			this.timer = timer;
			return this;
		}

		/**
		 * Creates the group, empty.
		 * @return the group
		 */
		public ConnectionGroup build() {
			return new ConnectionGroup(this);
		}

	}

}
