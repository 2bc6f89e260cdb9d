package dev.sockloop.benchmarks.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scenarios of the design notes' performance targets.
 */
enum Scenario {

	/** Per-message overhead. */
	A(Kind.ECHO, "64 conns, 64 B, depth 1", 64, 64, 1),

	/** Pipelining: many messages per read. */
	B(Kind.ECHO, "64 conns, 64 B, depth 16", 64, 64, 16),

	/** Many connections, mid-size messages. */
	C(Kind.ECHO, "1000 conns, 512 B, depth 4", 1000, 512, 4),

	/** Few connections, large messages: copy and writev cost. */
	D(Kind.ECHO, "8 conns, 16 KiB, depth 4", 8, 16 * 1024, 4),

	/** Accept and close cost. */
	E(Kind.CHURN, "connect, echo 16 B, close; 32 parallel", 32, 16, 1),

	/** Resident memory per idle connection. */
	F(Kind.IDLE, "idle connections held (15,000 by default)", 15_000, 0, 0),

	/** Scenario A on Sockloop (raw and through the starter) with metrics on versus off. */
	G(Kind.METRICS, "A, metrics on vs off", 64, 64, 1),

	/** Large messages one at a time: per-message and per-byte cost together. */
	H(Kind.ECHO, "8 conns, 16 KiB, depth 1", 8, 16 * 1024, 1),

	/** Largest messages: per-byte cost (copies, allocation, zeroing) dominates. */
	I(Kind.ECHO, "8 conns, 64 KiB, depth 2", 8, 64 * 1024, 2),

	/** Largest messages, one at a time. */
	J(Kind.ECHO, "8 conns, 64 KiB, depth 1", 8, 64 * 1024, 1),

	/** UDP echo: per-datagram overhead, batched system calls. Not in the default set: ask for it. */
	U(Kind.UDP_ECHO, "UDP: 64 peers, 64 B datagrams, depth 1", 64, 64, 1);

	private final Kind kind;

	private final String description;

	private final int connections;

	private final int size;

	private final int depth;

	Scenario(Kind kind, String description, int connections, int size, int depth) {
		this.kind = kind;
		this.description = description;
		this.connections = connections;
		this.size = size;
		this.depth = depth;
	}

	Kind kind() {
		return this.kind;
	}

	String description() {
		return this.description;
	}

	int connections() {
		return this.connections;
	}

	int size() {
		return this.size;
	}

	int depth() {
		return this.depth;
	}

	/**
	 * The figure that ranks contenders in this scenario.
	 * @return the key in a measurement's JSON
	 */
	String metricKey() {
		return switch (this.kind) {
			case ECHO, METRICS, UDP_ECHO -> "msgsPerSec";
			case CHURN -> "connsPerSec";
			case IDLE -> "bytesPerConnection";
		};
	}

	/**
	 * Unit of {@link #metricKey()} for tables.
	 * @return the unit
	 */
	String unit() {
		return switch (this.kind) {
			case ECHO, METRICS, UDP_ECHO -> "msgs/s";
			case CHURN -> "conns/s";
			case IDLE -> "bytes/conn";
		};
	}

	/**
	 * Whether a bigger figure is better.
	 * @return false for memory
	 */
	boolean higherIsBetter() {
		return this.kind != Kind.IDLE;
	}

	static Scenario of(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Unknown scenario '" + name + "'; known: " + String.join(",", names()));
		}
	}

	/**
	 * Every scenario's name.
	 * @return A to J, and U
	 */
	static List<String> names() {
		return Arrays.stream(values()).map(Scenario::name).toList();
	}

	/**
	 * The default set of {@code compare}: every TCP scenario (U, UDP, only when asked for).
	 * @return A to J
	 */
	static List<String> defaultNames() {
		return Arrays.stream(values()).filter((scenario) -> scenario != U).map(Scenario::name).toList();
	}

	/**
	 * What a scenario does to a server.
	 */
	enum Kind {

		/** Pipelined echo load. */
		ECHO,

		/** Connect, echo, close. */
		CHURN,

		/** Idle connections held while the server's memory is read. */
		IDLE,

		/** Echo load on Sockloop with and without metrics. */
		METRICS,

		/** Closed-loop UDP echo load. */
		UDP_ECHO

	}

}
