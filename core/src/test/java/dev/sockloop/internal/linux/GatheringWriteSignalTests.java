package dev.sockloop.internal.linux;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gathering write to a peer that has reset must fail with {@code EPIPE} as a return value, never
 * with a SIGPIPE: the JVM ignores the signal, but a host application that loads Sockloop through
 * JNA may not.
 *
 * <p>The signal cannot be observed from Java directly, so the test blocks SIGPIPE on its own thread
 * while it writes: a raised SIGPIPE then stays pending on the thread ({@code sigpending}) instead of
 * being delivered, and is consumed ({@code sigtimedwait}) before the mask is restored.
 */
class GatheringWriteSignalTests {

	private static final int EPIPE = 32;

	private static final int SIGPIPE = 13;

	private static final int SIG_BLOCK = 0;

	private static final int SIG_SETMASK = 2;

	/** {@code sizeof(sigset_t)} in glibc. */
	private static final int SIGSET_SIZE = 128;

	@Test
	void aGatheringWriteToAResetPeerReturnsEpipeWithoutRaisingSigpipe() throws Exception {
		ByteBuffer pipeOnly = NativeMemory.allocate(SIGSET_SIZE);
		pipeOnly.putLong(0, 1L << (SIGPIPE - 1));
		ByteBuffer previousMask = NativeMemory.allocate(SIGSET_SIZE);
		ByteBuffer pending = NativeMemory.allocate(SIGSET_SIZE);
		ByteBuffer noWait = NativeMemory.allocate(16);
		assertThat(SignalCalls.pthread_sigmask(SIG_BLOCK, NativeMemory.address(pipeOnly),
				NativeMemory.address(previousMask))).isZero();
		long result;
		boolean sigpipePending;
		try {
			result = writeUntilEpipe();
			assertThat(SignalCalls.sigpending(NativeMemory.address(pending))).isZero();
			sigpipePending = (pending.getLong(0) & (1L << (SIGPIPE - 1))) != 0;
		}
		finally {
			// Consume a pending SIGPIPE before unblocking, so that it is never delivered.
			while (SignalCalls.sigtimedwait(NativeMemory.address(pipeOnly), 0, NativeMemory.address(noWait)) == SIGPIPE) {
				// drained
			}
			SignalCalls.pthread_sigmask(SIG_SETMASK, NativeMemory.address(previousMask), 0);
		}
		assertThat(result).as("the gathering write's result").isEqualTo(-EPIPE);
		assertThat(sigpipePending).as("SIGPIPE raised by the gathering write").isFalse();
	}

	/** Connects to a loopback peer that resets, then writes two blocks at once until EPIPE. */
	private static long writeUntilEpipe() throws Exception {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
			InetSocketAddress address = new InetSocketAddress(loopback, listener.getLocalPort());
			int fd = Sockets.newStreamSocket(address);
			try {
				Sockets.connect(fd, address);
				try (Socket peer = listener.accept()) {
					peer.setSoLinger(true, 0);
				}
				ByteBuffer data = NativeMemory.allocate(2 * 1024);
				ByteBuffer iovecs = NativeMemory.allocate(2 * 16);
				iovecs.putLong(0, NativeMemory.address(data)).putLong(8, 1024);
				iovecs.putLong(16, NativeMemory.address(data) + 1024).putLong(24, 1024);
				MessageHeader message = new MessageHeader(NativeMemory.address(iovecs));
				long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				long result;
				do {
					result = Sockets.writev(fd, message, 2);
				}
				while (result != -EPIPE && System.nanoTime() - deadline < 0);
				return result;
			}
			finally {
				Sockets.close(fd);
			}
		}
	}

	/** The signal calls the test needs, direct-mapped like {@link LibC}. */
	private static final class SignalCalls {

		static {
			Native.register(SignalCalls.class, Platform.C_LIBRARY_NAME);
		}

		static native int pthread_sigmask(int how, long set, long oldSet);

		static native int sigpending(long set);

		static native int sigtimedwait(long set, long info, long timeout);

	}

}
