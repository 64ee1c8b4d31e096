// A CPU-heavy agent for the demo, run by piscina worker threads: counts primes
// with a sieve, `rounds` times, reporting progress as it goes. Pure computation:
// it would block the engine's event loop if it ran on the main thread.
export default function compute(input, ticket, { progress }) {
  const limit = input?.limit ?? 2_000_000;
  const rounds = input?.rounds ?? 6;
  let primes = 0;
  for (let round = 0; round < rounds; round++) {
    const sieve = new Uint8Array(limit + 1);
    primes = 0;
    for (let i = 2; i <= limit; i++) {
      if (sieve[i]) continue;
      primes++;
      for (let j = i * i; j <= limit; j += i) sieve[j] = 1;
    }
    progress((round + 1) / rounds, `round ${round + 1}/${rounds}`);
  }
  return { ticket: ticket.id, primesBelow: limit, primes };
}
