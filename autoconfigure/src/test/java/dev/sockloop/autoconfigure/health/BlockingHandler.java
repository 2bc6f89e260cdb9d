package dev.sockloop.autoconfigure.health;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sockloop.spring.SocketHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A handler that makes the classic mistake: it blocks the loop thread when a connection opens,
 * until the test releases it (or 30 s pass, so that a failed test cannot hang the build).
 */
@SocketHandler(name = "blocking", port = "0")
class BlockingHandler {

	private static volatile CountDownLatch release = new CountDownLatch(0);

	static void arm() {
		release = new CountDownLatch(1);
	}

	static void release() {
		release.countDown();
	}

	Mono<Void> handle(Flux<ByteBuffer> inbound) throws InterruptedException {
		waitForRelease();
		return inbound.then();
	}

	private static void waitForRelease() throws InterruptedException {
		release.await(30, TimeUnit.SECONDS);
	}

}
