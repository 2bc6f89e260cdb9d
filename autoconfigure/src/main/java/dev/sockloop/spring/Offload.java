package dev.sockloop.spring;

/**
 * Where a server's handler method runs: on the event loop, or offloaded to threads that may block.
 */
public enum Offload {

	/** On the event loop: the handler must never block. */
	NONE,

	/**
	 * On Reactor's shared bounded-elastic scheduler: a capped pool of platform threads for blocking
	 * work, queueing tasks beyond its cap.
	 */
	BOUNDED_ELASTIC,

	/**
	 * On a virtual thread per task. Needs Java 21 or later: set explicitly, start-up fails on older
	 * runtimes. The offload of servers that set none when {@code spring.threads.virtual.enabled=true}
	 * and the runtime has virtual threads.
	 */
	VIRTUAL_THREADS

}
