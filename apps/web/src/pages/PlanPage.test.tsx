import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { createMemoryRouter, matchRoutes, Outlet, RouterProvider, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { routes } from '../App';
import { stepPath, useOpenedStep } from './PlanPage';

afterEach(cleanup);

let mounts = 0;

/** Stands in for the plan page's body: the opened step from the address, and the buttons that open and close one. */
function Probe() {
  const { opened, open, close } = useOpenedStep('HG/2023');
  const where = useLocation();
  useEffect(() => {
    mounts += 1;
  }, []);
  return (
    <div>
      <p data-testid="opened">{opened ?? 'none'}</p>
      <p data-testid="path">{where.pathname}</p>
      <button onClick={() => open('I02.1')}>open</button>
      <button onClick={close}>close</button>
      <Outlet />
    </div>
  );
}

describe('a step at its own address (the mails link to it)', () => {
  it('is a route of the app: the plan page, with the plan and the step decoded', () => {
    const m = matchRoutes(routes, '/ke-hoach/HG%2F2023/buoc/I01.4-thon_03')!;
    expect(m.map((x) => x.route.path)).toEqual(['/', 'ke-hoach/:planId', 'buoc/:stepId']);
    expect(m.at(-1)!.params).toEqual({ planId: 'HG/2023', stepId: 'I01.4-thon_03' });
    // The same page object as the plan's own address: opening a step does not load the plan again.
    expect(matchRoutes(routes, '/ke-hoach/HG')!.at(-1)!.route).toBe(m[1].route);
    expect(stepPath('HG/2023', 'I01.4 thôn')).toBe('/ke-hoach/HG%2F2023/buoc/I01.4%20th%C3%B4n');
  });

  it('opens the drawer of the step in the address, closes it back to the plan, and opens another, on one page', async () => {
    mounts = 0;
    const router = createMemoryRouter(
      [{ path: '/ke-hoach/:planId', element: <Probe />, children: [{ path: 'buoc/:stepId', element: null }] }],
      { initialEntries: ['/ke-hoach/HG%2F2023/buoc/I01.5'] },
    );
    render(<RouterProvider router={router} />);
    expect(screen.getByTestId('opened').textContent).toBe('I01.5');
    await act(async () => fireEvent.click(screen.getByText('close')));
    expect(screen.getByTestId('opened').textContent).toBe('none');
    expect(screen.getByTestId('path').textContent).toBe('/ke-hoach/HG%2F2023');
    await act(async () => fireEvent.click(screen.getByText('open')));
    expect(screen.getByTestId('opened').textContent).toBe('I02.1');
    expect(screen.getByTestId('path').textContent).toBe('/ke-hoach/HG%2F2023/buoc/I02.1');
    await act(async () => router.navigate(-1));
    expect(screen.getByTestId('opened').textContent).toBe('none');
    expect(mounts).toBe(1);
  });
});
