package dev.sockloop.internal.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

import dev.sockloop.internal.linux.NativeMemory;
import dev.sockloop.internal.linux.SocketCalls;
import dev.sockloop.internal.loop.LoopBuffers;

/**
 * Buffers queued for one socket, written with one {@code write} or {@code writev} per attempt.
 * Loop thread only.
 *
 * <p>Heap buffers are copied into the loop's staging memory (the kernel needs native addresses),
 * adjacent ones into one contiguous block; direct buffers are pointed at in place. The caller's
 * buffers are never modified: the queue remembers how much of the head has been written.
 *
 * <p>Where the loop's {@link SocketCalls} reach the heap (Java 22+ on epoll), a heap buffer is sent from its
 * own array, with no staging copy, when that costs no extra syscall (it is the only buffer queued)
 * or when it is large enough ({@link #HEAP_SEND_ALONE}) that the copy it saves costs more than a
 * {@code send} of its own; smaller buffers among others are still gathered into one write.
 *
 * <p>On the NIO transport everything is copied into the staging buffer and written with one
 * {@code write}: the JDK would otherwise copy each heap buffer into a temporary direct buffer of its
 * own, and a gathering write would need a duplicate of every queued buffer per attempt.
 */
public final class WriteQueue {

	/**
	 * A heap buffer at least this large is sent on its own from its array rather than gathered:
	 * copying 32 KiB costs a few microseconds, more than one more {@code send} call.
	 */
	static final int HEAP_SEND_ALONE = 32 * 1024;

	/** Created on the first write: an idle connection should cost as few bytes as possible. */
	private ArrayDeque<ByteBuffer> buffers;

	private int headWritten;

	private long queuedBytes;

	private boolean lastWritePartial;

	boolean isEmpty() {
		return this.buffers == null || this.buffers.isEmpty();
	}

	long queuedBytes() {
		return this.queuedBytes;
	}

	void add(ByteBuffer buffer) {
		if (this.buffers == null) {
			this.buffers = new ArrayDeque<>(4);
		}
		this.buffers.add(buffer);
		this.queuedBytes += buffer.remaining();
	}

	/** Whether the last write took less than was offered: the socket buffer is full. */
	boolean lastWritePartial() {
		return this.lastWritePartial;
	}

	/**
	 * Drops everything queued, giving lent read buffers back to the loop.
	 * @param loopBuffers the loop's buffers
	 */
	void clear(LoopBuffers loopBuffers) {
		if (this.buffers != null) {
			for (ByteBuffer buffer : this.buffers) {
				loopBuffers.giveBack(buffer);
			}
		}
		this.buffers = null;
		this.headWritten = 0;
		this.queuedBytes = 0;
	}

	/**
	 * Writes as much of the queue as one syscall takes.
	 * @param fd the socket
	 * @param loopBuffers the loop's native buffers
	 * @return bytes written, or a negative errno
	 */
	public long writeOnce(int fd, LoopBuffers loopBuffers) {
		SocketCalls calls = loopBuffers.socketCalls();
		boolean heapAccess = calls.heapAccess();
		if (heapAccess) {
			ByteBuffer head = this.buffers.peek();
			if (head.hasArray() && (this.buffers.size() == 1 || head.remaining() - this.headWritten >= HEAP_SEND_ALONE)) {
				return sendFromArray(fd, calls, head, loopBuffers);
			}
		}
		ByteBuffer iovecs = loopBuffers.iovecs();
		ByteBuffer staging = loopBuffers.staging();
		long stagingAddress = loopBuffers.stagingAddress();
		int count = 0;
		int stagingUsed = 0;
		boolean lastInStaging = false;
		long offered = 0;
		int skip = this.headWritten;
		for (ByteBuffer buffer : this.buffers) {
			int position = buffer.position() + skip;
			int length = buffer.limit() - position;
			skip = 0;
			if (buffer.isDirect()) {
				putIovec(iovecs, count++, NativeMemory.address(buffer) + position, length);
				offered += length;
				lastInStaging = false;
			}
			else {
				if (heapAccess && count > 0 && length >= HEAP_SEND_ALONE && buffer.hasArray()) {
					break; // sent from its own array by the next call
				}
				int copied = Math.min(length, LoopBuffers.STAGING_SIZE - stagingUsed);
				if (copied == 0) {
					break;
				}
				staging.put(stagingUsed, buffer, position, copied);
				if (lastInStaging) {
					int last = (count - 1) * LoopBuffers.IOVEC_SIZE + 8;
					iovecs.putLong(last, iovecs.getLong(last) + copied);
				}
				else {
					putIovec(iovecs, count++, stagingAddress + stagingUsed, copied);
					lastInStaging = true;
				}
				stagingUsed += copied;
				offered += copied;
				if (copied < length) {
					break;
				}
			}
			if (count == LoopBuffers.MAX_IOVECS) {
				break;
			}
		}
		long written = (count == 1) ? calls.send(fd, iovecs.getLong(0), (int) iovecs.getLong(8))
				: calls.sendmsg(fd, loopBuffers.messageHeader(), count);
		this.lastWritePartial = written < offered;
		if (written > 0) {
			advance(written, loopBuffers);
		}
		return written;
	}

	/** One {@code send} straight from a heap buffer's array: no staging copy. */
	private long sendFromArray(int fd, SocketCalls calls, ByteBuffer head, LoopBuffers loopBuffers) {
		int position = head.position() + this.headWritten;
		int length = head.limit() - position;
		long written = calls.send(fd, head.array(), head.arrayOffset() + position, length);
		this.lastWritePartial = written < length;
		if (written > 0) {
			advance(written, loopBuffers);
		}
		return written;
	}

	/**
	 * Writes as much of the queue as one {@code write} on a NIO channel takes.
	 * @param channel the non-blocking channel
	 * @param loopBuffers the loop's buffers
	 * @return bytes written; 0 when the socket buffer is full
	 * @throws IOException when the channel failed
	 */
	public long writeOnce(WritableByteChannel channel, LoopBuffers loopBuffers) throws IOException {
		ByteBuffer staging = loopBuffers.staging();
		// Absolute puts are bounded by the limit, which the previous write left at its length.
		staging.clear();
		int used = 0;
		int skip = this.headWritten;
		for (ByteBuffer buffer : this.buffers) {
			int position = buffer.position() + skip;
			int copied = Math.min(buffer.limit() - position, LoopBuffers.STAGING_SIZE - used);
			skip = 0;
			staging.put(used, buffer, position, copied);
			used += copied;
			if (used == LoopBuffers.STAGING_SIZE) {
				break;
			}
		}
		staging.limit(used);
		int written = channel.write(staging);
		staging.clear();
		this.lastWritePartial = written < used;
		if (written > 0) {
			advance(written, loopBuffers);
		}
		return written;
	}

	private static void putIovec(ByteBuffer iovecs, int index, long address, long length) {
		iovecs.putLong(index * LoopBuffers.IOVEC_SIZE, address);
		iovecs.putLong(index * LoopBuffers.IOVEC_SIZE + 8, length);
	}

	private void advance(long written, LoopBuffers loopBuffers) {
		this.queuedBytes -= written;
		long left = written;
		while (left > 0) {
			ByteBuffer head = this.buffers.peek();
			int remaining = head.remaining() - this.headWritten;
			if (left >= remaining) {
				left -= remaining;
				loopBuffers.giveBack(this.buffers.poll());
				this.headWritten = 0;
			}
			else {
				this.headWritten += (int) left;
				left = 0;
			}
		}
	}

}
