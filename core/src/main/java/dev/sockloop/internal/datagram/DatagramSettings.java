package dev.sockloop.internal.datagram;

import dev.sockloop.datagram.DatagramSocketHandler;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.stats.DatagramStats;

/**
 * What every socket of one datagram server shares.
 *
 * @param serverName the server's name, for messages
 * @param maxDatagramSize payload bytes per datagram received at most; longer ones are dropped and
 * counted
 * @param writeHighWaterMark payload bytes queued for sending at most before the handler's publisher
 * is asked for no more
 * @param handler the handler, called once per socket (and again after it fails)
 * @param stats the server's counters
 * @param warnings where peer-caused warnings go, at a limited rate
 */
public record DatagramSettings(String serverName, int maxDatagramSize, int writeHighWaterMark,
		DatagramSocketHandler handler, DatagramStats stats, RateLimitedLog warnings) {

}
