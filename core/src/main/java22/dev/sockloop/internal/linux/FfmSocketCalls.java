package dev.sockloop.internal.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@link SocketCalls} through the FFM API (Java 22+): {@code recv}, {@code send} and
 * {@code sendmsg} linked as critical functions, errno captured by the linker into this instance's
 * own segment.
 *
 * <p>Native memory is passed as a plain 64-bit integer (a pointer and a {@code long} travel in the
 * same register on the 64-bit ABIs Sockloop supports), so no segment is made per call. Heap arrays
 * go through a second pair of handles whose pointer parameter is an address, linked to allow heap
 * access: the JVM keeps the array in place for the call and passes its address.
 */
final class FfmSocketCalls extends SocketCalls {

	private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

	private static final VarHandle ERRNO = CALL_STATE
		.varHandle(MemoryLayout.PathElement.groupElement("errno"));

	private static final MethodHandle RECV;

	private static final MethodHandle SEND;

	private static final MethodHandle SENDMSG;

	private static final MethodHandle RECV_HEAP;

	private static final MethodHandle SEND_HEAP;

	static {
		Linker linker = Linker.nativeLinker();
		SymbolLookup libc = linker.defaultLookup();
		// ssize_t f(int fd, void *buf, size_t len, int flags), for recv and send alike.
		FunctionDescriptor onNative = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
				ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
		FunctionDescriptor onHeap = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
				ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
		Linker.Option errno = Linker.Option.captureCallState("errno");
		Linker.Option[] nativeOptions = { Linker.Option.critical(false), errno };
		Linker.Option[] heapOptions = { Linker.Option.critical(true), errno };
		MemorySegment recv = libc.find("recv").orElseThrow();
		MemorySegment send = libc.find("send").orElseThrow();
		RECV = linker.downcallHandle(recv, onNative, nativeOptions);
		SEND = linker.downcallHandle(send, onNative, nativeOptions);
		// ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
		SENDMSG = linker.downcallHandle(libc.find("sendmsg").orElseThrow(), FunctionDescriptor
			.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
				nativeOptions);
		RECV_HEAP = linker.downcallHandle(recv, onHeap, heapOptions);
		SEND_HEAP = linker.downcallHandle(send, onHeap, heapOptions);
	}

	/** Where the linker stores errno after each call; this loop's own. */
	private final MemorySegment callState = Arena.ofAuto().allocate(CALL_STATE);

	@Override
	public long recv(int fd, long address, int length) {
		try {
			return result((long) RECV.invokeExact(this.callState, fd, address, (long) length, 0));
		}
		catch (Throwable ex) {
			throw failed("recv", ex);
		}
	}

	@Override
	public long send(int fd, long address, int length) {
		try {
			return result((long) SEND.invokeExact(this.callState, fd, address, (long) length, MSG_NOSIGNAL));
		}
		catch (Throwable ex) {
			throw failed("send", ex);
		}
	}

	@Override
	public long sendmsg(int fd, MessageHeader message, int count) {
		message.iovecCount(count);
		try {
			return result((long) SENDMSG.invokeExact(this.callState, fd, message.address(), MSG_NOSIGNAL));
		}
		catch (Throwable ex) {
			throw failed("sendmsg", ex);
		}
	}

	@Override
	public boolean heapAccess() {
		return true;
	}

	@Override
	public long recv(int fd, byte[] array, int offset, int length) {
		try {
			return result((long) RECV_HEAP.invokeExact(this.callState, fd,
					MemorySegment.ofArray(array).asSlice(offset, length), (long) length, 0));
		}
		catch (Throwable ex) {
			throw failed("recv", ex);
		}
	}

	@Override
	public long send(int fd, byte[] array, int offset, int length) {
		try {
			return result((long) SEND_HEAP.invokeExact(this.callState, fd,
					MemorySegment.ofArray(array).asSlice(offset, length), (long) length, MSG_NOSIGNAL));
		}
		catch (Throwable ex) {
			throw failed("send", ex);
		}
	}

	private long result(long n) {
		return (n < 0) ? -(int) ERRNO.get(this.callState, 0L) : n;
	}

	private static IllegalStateException failed(String call, Throwable ex) {
		return new IllegalStateException(call + " failed", ex);
	}

}
