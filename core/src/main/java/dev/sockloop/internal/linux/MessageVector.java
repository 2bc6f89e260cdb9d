package dev.sockloop.internal.linux;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A native {@code struct mmsghdr} array for moving many datagrams per system call with
 * {@code recvmmsg} and {@code sendmmsg}, allocated once per datagram socket. Each slot has its own
 * address storage, one iovec and a small control buffer:
 *
 * <pre>
 * struct mmsghdr {                // 64 bytes on 64-bit Linux
 *     struct msghdr msg_hdr;      //  0: see {@link MessageHeader}; msg_name points at the slot's
 *                                 //     sockaddr_storage, msg_iov at its one iovec
 *     unsigned int  msg_len;      // 56: bytes received or sent for this message
 * };                              //     (4 bytes of padding)
 * </pre>
 *
 * A receiving vector owns payload memory, {@code capacity * slotSize} bytes, and asks for the
 * {@code SO_RXQ_OVFL} control message (the socket's running count of datagrams the kernel dropped
 * for want of room in the receive buffer). A sending vector points its iovecs at memory the caller
 * fills (the loop's staging buffer).
 *
 * <p>Loop thread only. <b>Warning:</b> the memory the iovecs point at must stay allocated while
 * the vector is used.
 */
public final class MessageVector {

	private static final int MMSGHDR_SIZE = 64;

	private static final int NAME_SIZE = 128;

	private static final int IOVEC_SIZE = 16;

	/** {@code CMSG_SPACE(sizeof(uint32_t))} is 24; room for one more in case the kernel adds one. */
	private static final int CONTROL_SIZE = 48;

	private static final int NAME_OFFSET = 0;

	private static final int NAMELEN_OFFSET = 8;

	private static final int IOV_OFFSET = 16;

	private static final int IOVLEN_OFFSET = 24;

	private static final int CONTROL_OFFSET = 32;

	private static final int CONTROLLEN_OFFSET = 40;

	private static final int FLAGS_OFFSET = 48;

	private static final int LEN_OFFSET = 56;

	/** {@code MSG_TRUNC} in {@code msg_flags}: the datagram was longer than the slot. */
	private static final int MSG_TRUNC = 0x20;

	/** {@code struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }}: 16 bytes. */
	private static final int CMSGHDR_SIZE = 16;

	private static final int SOL_SOCKET = 1;

	private static final int SO_RXQ_OVFL = 40;

	private final int capacity;

	private final int slotSize;

	private final int family;

	private final ByteBuffer headers;

	private final long headersAddress;

	private final ByteBuffer names;

	private final ByteBuffer[] nameSlots;

	private final ByteBuffer iovecs;

	private final ByteBuffer controls;

	private final ByteBuffer payloads;

	/**
	 * Addresses decoded and encoded lately, in direct-mapped tables: a peer that keeps sending costs
	 * one decode (two allocations) and one encode, not one per datagram. A collision merely
	 * replaces an entry, so a flood from many addresses costs what no cache would.
	 */
	private static final int CACHE_SIZE = 256;

	private final long[] senderHeads;

	private final long[] senderMiddles;

	private final long[] senderTails;

	private final int[] senderScopeAndLength;

	private final InetSocketAddress[] senders;

	private final InetSocketAddress[] recipients;

	/** Each recipient's sockaddr as four longs (32 bytes, room for {@code sockaddr_in6}). */
	private final long[] recipientNames;

	private final int[] recipientLengths;

	/**
	 * Creates a vector.
	 * @param capacity messages per call at most
	 * @param slotSize payload bytes per message for a receiving vector, 0 for a sending one
	 * @param family the socket's address family, from {@link DatagramSockets#family}
	 */
	public MessageVector(int capacity, int slotSize, int family) {
		this.capacity = capacity;
		this.slotSize = slotSize;
		this.family = family;
		this.headers = NativeMemory.allocate(capacity * MMSGHDR_SIZE);
		this.headersAddress = NativeMemory.address(this.headers);
		this.names = NativeMemory.allocate(capacity * NAME_SIZE);
		long namesAddress = NativeMemory.address(this.names);
		this.nameSlots = new ByteBuffer[capacity];
		this.iovecs = NativeMemory.allocate(capacity * IOVEC_SIZE);
		long iovecsAddress = NativeMemory.address(this.iovecs);
		boolean receiving = slotSize > 0;
		this.senderHeads = receiving ? new long[CACHE_SIZE] : null;
		this.senderMiddles = receiving ? new long[CACHE_SIZE] : null;
		this.senderTails = receiving ? new long[CACHE_SIZE] : null;
		this.senderScopeAndLength = receiving ? new int[CACHE_SIZE * 2] : null;
		this.senders = receiving ? new InetSocketAddress[CACHE_SIZE] : null;
		this.recipients = receiving ? null : new InetSocketAddress[CACHE_SIZE];
		this.recipientNames = receiving ? null : new long[CACHE_SIZE * 4];
		this.recipientLengths = receiving ? null : new int[CACHE_SIZE];
		this.controls = receiving ? NativeMemory.allocate(capacity * CONTROL_SIZE) : null;
		this.payloads = receiving ? NativeMemory.allocate(capacity * slotSize) : null;
		long controlsAddress = receiving ? NativeMemory.address(this.controls) : 0;
		long payloadsAddress = receiving ? NativeMemory.address(this.payloads) : 0;
		for (int i = 0; i < capacity; i++) {
			int header = i * MMSGHDR_SIZE;
			this.nameSlots[i] = this.names.slice(i * NAME_SIZE, NAME_SIZE);
			this.headers.putLong(header + NAME_OFFSET, namesAddress + (long) i * NAME_SIZE);
			this.headers.putLong(header + IOV_OFFSET, iovecsAddress + (long) i * IOVEC_SIZE);
			this.headers.putLong(header + IOVLEN_OFFSET, 1);
			if (receiving) {
				this.headers.putLong(header + CONTROL_OFFSET, controlsAddress + (long) i * CONTROL_SIZE);
				this.iovecs.putLong(i * IOVEC_SIZE, payloadsAddress + (long) i * slotSize);
				this.iovecs.putLong(i * IOVEC_SIZE + 8, slotSize);
			}
		}
	}

	/** @return messages per call at most */
	public int capacity() {
		return this.capacity;
	}

	/** @return native address of the first {@code mmsghdr} */
	long address() {
		return this.headersAddress;
	}

	/**
	 * Resets what the kernel overwrote in the first {@code count} slots (the lengths of the address
	 * and control buffers, the flags) before a {@code recvmmsg}.
	 * @param count slots about to be used
	 */
	void prepareReceive(int count) {
		for (int i = 0; i < count; i++) {
			int header = i * MMSGHDR_SIZE;
			this.headers.putInt(header + NAMELEN_OFFSET, NAME_SIZE);
			this.headers.putLong(header + CONTROLLEN_OFFSET, CONTROL_SIZE);
			this.headers.putInt(header + FLAGS_OFFSET, 0);
		}
	}

	/**
	 * Bytes of message {@code i} received into its slot.
	 * @param i the slot
	 * @return the length, at most the slot size
	 */
	public int length(int i) {
		return Math.min(this.headers.getInt(i * MMSGHDR_SIZE + LEN_OFFSET), this.slotSize);
	}

	/**
	 * Whether message {@code i} was longer than its slot, the rest discarded by the kernel.
	 * @param i the slot
	 * @return {@code true} if truncated
	 */
	public boolean isTruncated(int i) {
		return (this.headers.getInt(i * MMSGHDR_SIZE + FLAGS_OFFSET) & MSG_TRUNC) != 0;
	}

	/**
	 * Copies the payload of message {@code i} to a heap buffer of its own, the application's to keep.
	 * @param i the slot
	 * @param length bytes to copy
	 * @return the buffer, position 0 and limit {@code length}
	 */
	public ByteBuffer copyPayload(int i, int length) {
		byte[] bytes = new byte[length];
		this.payloads.get(i * this.slotSize, bytes);
		return ByteBuffer.wrap(bytes);
	}

	/**
	 * The sender of message {@code i}.
	 * @param i the slot
	 * @return the address (IPv4 for a v4-mapped sender on an IPv6 socket)
	 */
	public InetSocketAddress sender(int i) {
		ByteBuffer name = this.nameSlots[i];
		int length = Math.min(this.headers.getInt(i * MMSGHDR_SIZE + NAMELEN_OFFSET), NAME_SIZE);
		long head = name.getLong(0);
		long middle = name.getLong(8);
		// An IPv4 sockaddr is 16 bytes: what lies past it is left over from an earlier datagram.
		long tail = (length > 16) ? name.getLong(16) : 0;
		int scope = (length > 24) ? name.getInt(24) : 0;
		long mixed = (head ^ middle * 31 ^ tail * 961) * 0x9E3779B97F4A7C15L;
		int slot = (int) (mixed >>> 56) & (CACHE_SIZE - 1);
		InetSocketAddress cached = this.senders[slot];
		if (cached != null && this.senderHeads[slot] == head && this.senderMiddles[slot] == middle
				&& this.senderTails[slot] == tail && this.senderScopeAndLength[slot * 2] == scope
				&& this.senderScopeAndLength[slot * 2 + 1] == length) {
			return cached;
		}
		InetSocketAddress sender = (InetSocketAddress) SocketAddresses.decode(name, length);
		this.senders[slot] = sender;
		this.senderHeads[slot] = head;
		this.senderMiddles[slot] = middle;
		this.senderTails[slot] = tail;
		this.senderScopeAndLength[slot * 2] = scope;
		this.senderScopeAndLength[slot * 2 + 1] = length;
		return sender;
	}

	/**
	 * The {@code SO_RXQ_OVFL} count carried by message {@code i}: datagrams the kernel dropped on
	 * this socket since it opened, for want of room in its receive buffer.
	 * @param i the slot
	 * @return the count, or -1 when the message carried none (nothing dropped yet)
	 */
	public long kernelDrops(int i) {
		int header = i * MMSGHDR_SIZE;
		long controlLength = this.headers.getLong(header + CONTROLLEN_OFFSET);
		int base = i * CONTROL_SIZE;
		int offset = 0;
		while (offset + CMSGHDR_SIZE + 4 <= controlLength && offset + CMSGHDR_SIZE + 4 <= CONTROL_SIZE) {
			long length = this.controls.getLong(base + offset);
			if (length < CMSGHDR_SIZE) {
				return -1;
			}
			if (this.controls.getInt(base + offset + 8) == SOL_SOCKET
					&& this.controls.getInt(base + offset + 12) == SO_RXQ_OVFL) {
				return Integer.toUnsignedLong(this.controls.getInt(base + offset + CMSGHDR_SIZE));
			}
			offset += (int) ((length + 7) & ~7L);
		}
		return -1;
	}

	/**
	 * Points slot {@code i} at a datagram to send.
	 * @param i the slot
	 * @param recipient where to send it
	 * @param data native address of the payload
	 * @param length payload bytes
	 * @return {@code false} if this socket cannot reach the recipient (an IPv6 address on an IPv4
	 * socket, or an unresolved one): nothing was prepared
	 */
	public boolean prepareSend(int i, InetSocketAddress recipient, long data, int length) {
		int header = i * MMSGHDR_SIZE;
		ByteBuffer name = this.nameSlots[i];
		int slot = System.identityHashCode(recipient) & (CACHE_SIZE - 1);
		int nameLength;
		if (this.recipients[slot] == recipient) {
			nameLength = this.recipientLengths[slot];
			for (int word = 0; word < 4; word++) {
				name.putLong(word * 8, this.recipientNames[slot * 4 + word]);
			}
		}
		else {
			name.putLong(16, 0);
			name.putLong(24, 0);
			nameLength = SocketAddresses.encode(recipient, name, this.family);
			if (nameLength < 0) {
				return false;
			}
			this.recipients[slot] = recipient;
			this.recipientLengths[slot] = nameLength;
			for (int word = 0; word < 4; word++) {
				this.recipientNames[slot * 4 + word] = name.getLong(word * 8);
			}
		}
		this.headers.putInt(header + NAMELEN_OFFSET, nameLength);
		this.headers.putLong(header + CONTROL_OFFSET, 0);
		this.headers.putLong(header + CONTROLLEN_OFFSET, 0);
		this.headers.putInt(header + FLAGS_OFFSET, 0);
		this.iovecs.putLong(i * IOVEC_SIZE, data);
		this.iovecs.putLong(i * IOVEC_SIZE + 8, length);
		return true;
	}

}
