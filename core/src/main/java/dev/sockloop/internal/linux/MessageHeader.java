package dev.sockloop.internal.linux;

import java.nio.ByteBuffer;

/**
 * A native {@code struct msghdr} for gathering writes through {@code sendmsg}, allocated once per
 * loop and pointing at the loop's iovec array: only the iovec count changes between calls.
 *
 * <pre>
 * struct msghdr {             // 64-bit Linux, 56 bytes
 *     void         *msg_name;        //  0: NULL, the socket is connected
 *     socklen_t     msg_namelen;     //  8
 *     struct iovec *msg_iov;         // 16
 *     size_t        msg_iovlen;      // 24
 *     void         *msg_control;     // 32: NULL
 *     size_t        msg_controllen;  // 40
 *     int           msg_flags;       // 48
 * };
 * </pre>
 *
 * <p>Loop thread only. <b>Warning:</b> the iovec array must stay allocated, and hold at least as
 * many entries as passed to {@link #iovecCount(int)}, for as long as this header is used.
 */
public final class MessageHeader {

	private static final int SIZE = 56;

	private static final int IOV_OFFSET = 16;

	private static final int IOVLEN_OFFSET = 24;

	private final ByteBuffer header = NativeMemory.allocate(SIZE);

	private final long address = NativeMemory.address(this.header);

	/**
	 * Creates a header with no address, no control data and the given iovec array.
	 * @param iovecsAddress native address of the {@code struct iovec} array
	 */
	public MessageHeader(long iovecsAddress) {
		this.header.putLong(IOV_OFFSET, iovecsAddress);
	}

	/**
	 * Sets how many iovecs of the array the next {@code sendmsg} gathers.
	 * @param count the number of iovecs
	 */
	void iovecCount(int count) {
		this.header.putLong(IOVLEN_OFFSET, count);
	}

	/** @return native address of the header */
	long address() {
		return this.address;
	}

}
