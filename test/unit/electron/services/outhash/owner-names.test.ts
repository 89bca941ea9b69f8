import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupName, userName } from '../../../../../electron/services/outhash/owner-names';

/** The first entry of an /etc/passwd-style file, as `[name, id]`. */
function firstEntry(file: string): [string, number] {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.trim() !== '' && !l.startsWith('#'));
  const f = (line ?? '').split(':');
  return [f[0] ?? '', Number(f[2])];
}

describe('owner names', () => {
  it('names a uid and a gid as /etc/passwd and /etc/group do', () => {
    const [user, uid] = firstEntry('/etc/passwd');
    const [group, gid] = firstEntry('/etc/group');
    expect(userName(uid, 'x')).toBe(user);
    expect(groupName(gid, 'x')).toBe(group);
  });

  it('fails like getpwuid/getgrgid for an id without a name, naming the file being hashed', () => {
    expect(() => userName(987_654_321, 'pkg/usr/bin/tool')).toThrow(
      expect.objectContaining({
        code: 'NOT_FOUND',
        message: expect.stringContaining('uid 987654321 has no name in /etc/passwd'),
        where: { file: 'pkg/usr/bin/tool' },
      }),
    );
    expect(() => groupName(987_654_321, 'pkg')).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('gid 987654321 has no name in /etc/group'),
      }),
    );
  });
});
