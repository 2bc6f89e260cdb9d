package dev.sockloop.spring;

import java.time.Duration;

import dev.sockloop.datagram.DatagramServer;
import reactor.core.scheduler.Scheduler;

/**
 * One running datagram server and what was configured for it.
 *
 * @param name the server's name, the {@code <name>} of {@code sockloop.datagram.<name>.*}
 * @param server the engine's server
 * @param scheduler where the handler runs, or {@code null} for the event loop
 * @param schedulerOwned whether {@code scheduler} was created for this server and is disposed once
 * it stops
 * @param shutdownTimeout time given to handlers to finish when the server stops
 */
public record DatagramServerRegistration(String name, DatagramServer server, Scheduler scheduler,
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
