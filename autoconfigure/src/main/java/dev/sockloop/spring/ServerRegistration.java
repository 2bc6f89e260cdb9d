package dev.sockloop.spring;

import java.time.Duration;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.server.SocketServer;
import reactor.core.scheduler.Scheduler;

/**
 * One running server and what was configured for it: everything the application context knows
 * about a server, in one place, from start until stop.
 *
 * @param name the server's name, the {@code <name>} of {@code sockloop.servers.<name>.*}
 * @param server the engine's server, which also holds its TLS counters ({@link SocketServer#tlsStats()})
 * @param codec framing of the server's inbound and outbound bytes
 * @param scheduler where the handler runs, or {@code null} for the event loop
 * @param schedulerOwned whether {@code scheduler} was created for this server and is disposed
 * once it stops (not so for a scheduler bean or Reactor's shared one)
 * @param shutdownTimeout time given to open connections to finish when the server stops
 */
public record ServerRegistration(String name, SocketServer server, FrameCodec codec, Scheduler scheduler,
		 boolean schedulerOwned, Duration shutdownTimeout) {

	/**
	 * Disposes the scheduler if it was created for this server; called once the server has stopped.
	 */
	public void releaseScheduler() {
		if (this.schedulerOwned && this.scheduler != null) {
			this.scheduler.dispose();
		}
	}

}
