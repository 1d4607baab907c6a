/** The photo's verdict as the unit sees it: polled from the API until the check is done. */
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NominationView, PhotoVersion } from '#shared/nomination';
import { PhotoPanel } from '../../../web/components/PhotoPanel/PhotoPanel.tsx';

function viewWith(photo: PhotoVersion, extra: Partial<NominationView> = {}): NominationView {
  return {
    id: '01HZX0000000000000000000N1',
    category: 'worker',
    status: 'draft',
    form: {},
    version: 2,
    updatedAt: '2024-01-05T03:00:00Z',
    problems: [],
    photo,
    photos: [photo],
    ...extra,
  } as NominationView;
}

const pending: PhotoVersion = { photoId: 'P1', status: 'pending', uploadedAt: '2024-01-05T03:00:00Z' };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the photo verdict', () => {
  it('keeps asking while the photo is checked, then shows it accepted with the photo', async () => {
    const answers = [
      viewWith(pending),
      viewWith(
        { ...pending, status: 'accepted', processedAt: '2024-01-05T03:00:02Z' },
        { updatedAt: '2024-01-05T03:00:02Z', photoUrl: 'https://records.example/p1.jpg' },
      ),
    ];
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify(answers.shift() ?? answers[0]))));
    vi.stubGlobal('fetch', fetch);
    render(<PhotoPanel view={viewWith(pending)} campaign={{}} />);
    expect(screen.getByRole('status').textContent).toBe('照片已上传，正在审核…');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('照片已通过审核'), {
      timeout: 5000,
    });
    expect(screen.getByAltText('已通过审核的照片').getAttribute('src')).toBe(
      'https://records.example/p1.jpg',
    );
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says why a photo was refused, and lists earlier uploads', () => {
    const refused: PhotoVersion = {
      photoId: 'P2',
      status: 'refused',
      reason: '照片背景不是蓝色，请使用蓝底证件照',
      uploadedAt: '2024-01-05T04:00:00Z',
    };
    render(
      <PhotoPanel
        view={viewWith(refused, { photos: [refused, { ...pending, status: 'accepted' }] })}
        campaign={{}}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('照片未通过审核：照片背景不是蓝色，请使用蓝底证件照');
    expect(screen.getByText('历次上传（2）')).toBeTruthy();
    expect(screen.getByLabelText('选择或拍摄照片')).toBeTruthy();
  });

  it('names the campaign’s photo: the 2-inch blue one by default, the definition’s otherwise', () => {
    const { unmount } = render(<PhotoPanel view={viewWith(pending)} campaign={{}} />);
    expect(screen.getByRole('heading', { name: '2寸蓝底彩色证件照' })).toBeTruthy();
    expect(screen.getByText(/^蓝色背景、正面免冠/)).toBeTruthy();
    unmount();
    const photo = {
      label: '1寸白底彩色证件照',
      mm: { width: 25, height: 35 },
      pixels: { width: 295, height: 413 },
      background: 'white',
      prints: 0,
    } as const;
    render(<PhotoPanel view={viewWith(pending)} campaign={{ definition: { photo } }} />);
    expect(screen.getByRole('heading', { name: '1寸白底彩色证件照' })).toBeTruthy();
    expect(screen.getByText(/^白色背景、正面免冠/)).toBeTruthy();
  });

  it('cannot upload before the draft exists on the server', () => {
    render(<PhotoPanel view={null} campaign={{}} />);
    expect((screen.getByLabelText('选择或拍摄照片') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('填写任一项并保存草稿后即可上传照片。')).toBeTruthy();
  });
});
