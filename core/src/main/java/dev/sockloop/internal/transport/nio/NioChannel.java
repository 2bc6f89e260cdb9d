package dev.sockloop.internal.transport.nio;

import java.nio.channels.SelectableChannel;

/**
 * A loop channel of the NIO transport: the JDK channel that the {@link NioPoller} registers with its
 * selector.
 */
interface NioChannel {

	/**
	 * The JDK channel.
	 * @return the channel
	 */
	SelectableChannel selectableChannel();

}
