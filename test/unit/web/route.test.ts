import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../../web/route.ts';

describe('the hash routes', () => {
  it('opens a new nomination of any category the campaign defines', () => {
    expect(parseRoute('#/n/new/worker')).toEqual({ page: 'new', category: 'worker' });
    expect(parseRoute('#/n/new/teacher')).toEqual({ page: 'new', category: 'teacher' });
    expect(parseRoute('#/n/new/class-teacher')).toEqual({ page: 'new', category: 'class-teacher' });
  });
  it('tells a nomination id from a category, and refuses what is neither', () => {
    expect(parseRoute('#/n/01HZX0000000000000000000N1')).toEqual({
      page: 'nomination',
      id: '01HZX0000000000000000000N1',
    });
    expect(parseRoute('#/n/new/Teacher')).toEqual({ page: 'notFound' });
    expect(parseRoute('#/n/new/../x')).toEqual({ page: 'notFound' });
  });
});
