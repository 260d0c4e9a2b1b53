/** A Map that forgets its oldest entries beyond `capacity`: memory stays flat however long the bot runs. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }
}
