import { describe, expect, it } from 'vitest';
import { InspectorError, formatErrorInfo, toErrorInfo } from '../../../../shared/model/errors';

describe('errors', () => {
  it('formats file, line and entry for humans', () => {
    const e = new InspectorError('BAD_FORMAT', 'expected PROTO', { file: '/x/bb_unihashes.dat', offset: 0 });
    expect(formatErrorInfo(e.toInfo())).toBe('/x/bb_unihashes.dat (offset 0): expected PROTO');
    expect(
      formatErrorInfo({ code: 'BAD_FORMAT', message: 'm', where: { file: 'f', line: 3, entry: 'T' } }),
    ).toBe('f:3 [T]: m');
  });
  it('turns foreign throwables into INTERNAL', () => {
    expect(toErrorInfo(new TypeError('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(toErrorInfo('x')).toEqual({ code: 'INTERNAL', message: 'x' });
  });
});
